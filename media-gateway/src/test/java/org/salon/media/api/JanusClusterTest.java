package org.salon.media.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.salon.media.domain.JanusCluster;
import org.salon.media.domain.JanusNode;
import org.salon.media.janus.JanusException;
import org.salon.testkit.Infrastructure;
import org.salon.testkit.JanusResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** media-gateway against a real Janus: its session, requests, failure detection and reconnection. */
@QuarkusTest
@WithTestResource(value = JanusResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class JanusClusterTest {

    @Inject
    JanusCluster cluster;

    @Test
    void talksToJanusDetectsItsDeathAndReconnects() throws Exception {
        awaitState(JanusNode.State.OPERATIONAL, Duration.ofSeconds(15));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("operational"));

        JanusNode node = cluster.forNewCall().orElseThrow();
        JsonObject attached = node.transport().request(new JsonObject().put("janus", "attach")
                .put("plugin", "janus.plugin.videoroom")).await().atMost(Duration.ofSeconds(5));
        long handle = attached.getJsonObject("data").getLong("id");
        JsonObject rooms = node.transport().request(new JsonObject().put("janus", "message").put("handle_id", handle)
                .put("body", new JsonObject().put("request", "list"))).await().atMost(Duration.ofSeconds(5));
        assertEquals("success", rooms.getString("janus"));
        assertEquals(0, rooms.getJsonObject("plugindata").getJsonObject("data").getJsonArray("list").size(),
                "no static rooms: media-gateway creates one per call");
        JanusException refused = assertThrows(JanusException.class, () -> node.transport().request(new JsonObject()
                .put("janus", "message").put("handle_id", handle).put("body", new JsonObject().put("request", "destroy")
                        .put("room", 424242))).await().atMost(Duration.ofSeconds(5)));
        assertTrue(refused.code() > 0, "the plugin's error code travels: " + refused.getMessage());

        Infrastructure.shared().kill("janus");
        long killed = System.nanoTime();
        awaitState(JanusNode.State.FAILED, Duration.ofSeconds(5));
        assertTrue(System.nanoTime() - killed < Duration.ofSeconds(5).toNanos(), "failed within 5 s");
        given().get("/q/health/ready").then().statusCode(503).body(containsString("failed"));
        assertTrue(cluster.forNewCall().isEmpty(), "no new call goes to a failed node");

        Infrastructure.shared().start("janus");
        awaitState(JanusNode.State.OPERATIONAL, Duration.ofSeconds(15));
        given().get("/q/health/ready").then().statusCode(200);

        node.drain(true);
        assertEquals(JanusNode.State.DRAINING, node.state());
        assertTrue(cluster.forNewCall().isEmpty(), "a draining node takes no new call");
        node.drain(false);
    }

    private void awaitState(JanusNode.State state, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (cluster.nodes().stream().noneMatch(n -> n.state() == state)) {
            assertTrue(System.nanoTime() < deadline, "a node becomes " + state + " within " + wait);
            Thread.sleep(50);
        }
    }
}
