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
import org.salon.media.domain.NodeRegistry;
import org.salon.testkit.TestTokens;
import io.restassured.http.ContentType;
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

    @Inject
    NodeRegistry registry;

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

        String admin = TestTokens.user("an-admin", "user", "admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"draining\":true}").patch("/api/media/nodes/janus-1")
                .then().statusCode(200).body("state", equalTo("DRAINING"));
        assertTrue(cluster.forNewCall().filter(n -> n.name().equals("janus-1")).isEmpty(), "a draining node takes no new call");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"draining\":false}").patch("/api/media/nodes/janus-1")
                .then().statusCode(200).body("state", equalTo("OPERATIONAL"));
    }

    @Test
    void administratorsAddNodesWithoutARestartAndBadInputIsRefused() {
        String admin = TestTokens.user("an-admin", "user", "admin");
        // a second name for the same Janus: the cluster holds a session on it at once
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"janus-extra\",\"url\":\"" + Infrastructure.shared().janusUrl() + "\"}")
                .post("/api/media/nodes").then().statusCode(201).body("name", equalTo("janus-extra"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"janus-extra\",\"url\":\"ws://127.0.0.1:1\"}")
                .post("/api/media/nodes").then().statusCode(409).contentType("application/problem+json");
        for (String bad : new String[] { "{\"name\":\"Bad Name\",\"url\":\"ws://127.0.0.1:1\"}",
                "{\"name\":\"ok\",\"url\":\"http://127.0.0.1:1\"}", "{\"name\":\"ok\"}" }) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(bad).post("/api/media/nodes").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"draining\":true}").patch("/api/media/nodes/nope")
                .then().statusCode(404).contentType("application/problem+json");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!given().auth().oauth2(admin).get("/api/media/nodes").then().extract().path("find { it.name == 'janus-extra' }.state")
                .equals("OPERATIONAL")) {
            assertTrue(System.nanoTime() < deadline, "the added node becomes operational");
        }
        assertTrue(registry.all().contains(new NodeRegistry.SavedNode("janus-extra", Infrastructure.shared().janusUrl(), false)),
                "remembered for the next start: " + registry.all());
        given().auth().oauth2(admin).delete("/api/media/nodes/janus-extra").then().statusCode(204);
        given().auth().oauth2(admin).delete("/api/media/nodes/janus-extra").then().statusCode(404).contentType("application/problem+json");
        assertTrue(cluster.nodes().stream().noneMatch(n -> n.name().equals("janus-extra")), "out of the cluster");
        assertTrue(registry.all().stream().noneMatch(n -> n.name().equals("janus-extra")), "and forgotten");
    }

    /** Waits until every node is in that state (another test may add a second name for the same Janus). */
    private void awaitState(JanusNode.State state, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!cluster.nodes().stream().allMatch(n -> n.state() == state)) {
            assertTrue(System.nanoTime() < deadline, "a node becomes " + state + " within " + wait);
            Thread.sleep(50);
        }
    }
}
