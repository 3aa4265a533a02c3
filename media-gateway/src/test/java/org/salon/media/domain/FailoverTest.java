package org.salon.media.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.salon.testkit.Infrastructure;
import org.salon.testkit.JanusResource;
import org.salon.testkit.MediaTopic;
import org.salon.testkit.Launcher;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Two real Janus processes: the one holding a call is killed (kill -9); within 5 s every session of the call is told
 * to publish again, and its next publish places the call on the other node.
 */
@QuarkusTest
@WithTestResource(value = JanusResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class FailoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    MediaCalls calls;

    @Inject
    JanusCluster cluster;

    @Test
    void aCallOnAKilledNodeIsPublishedAgainOnAnother() throws Exception {
        // the same secrets as the first node: media-gateway has one api secret for its cluster
        Launcher second = new Launcher("salon-janus-2-").freePort("JANUS_WS").freePort("JANUS_ADMIN")
                .set("SALON_JANUS_RTP_PORTS", "19000-19499").secret("janus-api-secret", Infrastructure.shared().secret("janus-api-secret"))
                .secret("janus-admin-secret", Infrastructure.shared().secret("janus-admin-secret"));
        second.require(120, "component", "start", "janus");
        List<String> others = cluster.nodes().stream().map(JanusNode::name).toList();
        try (MediaTopic call = new MediaTopic(kafka)) {
            cluster.add("janus-2", "ws://127.0.0.1:" + second.get("SALON_JANUS_WS_PORT"));
            awaitOperational("janus-2");
            others.forEach(n -> cluster.drain(n, true)); // the call goes to janus-2
            publish(call);
            call.signal("a1", "answer", 1);
            assertEquals(Map.of(call.conversation, "janus-2"), calls.calls());
            others.forEach(n -> cluster.drain(n, false));

            long killed = System.nanoTime(); // from the kill command on: the launcher's own time counts too
            second.require(60, "component", "kill", "janus");
            call.signal("a1", "republish", 1);
            long told = System.nanoTime();
            assertTrue(told - killed < Duration.ofSeconds(5).toNanos(), "told within 5 s, not " + (told - killed) / 1_000_000 + " ms");
            publish(call);
            call.signal("a1", "answer", 2);
            long again = System.nanoTime();
            String node = calls.calls().get(call.conversation);
            assertNotEquals("janus-2", node, "the call moved");
            assertTrue(others.contains(node));
            System.out.printf("failover: republish %d ms after the kill, published again on %s %d ms after it%n",
                    (told - killed) / 1_000_000, node, (again - killed) / 1_000_000);
            call.request("alice", "a1", Map.of("kind", "leave"));
        } finally {
            others.forEach(n -> cluster.drain(n, false));
            cluster.remove("janus-2");
            second.run(Map.of(), 60, "component", "stop", "janus");
        }
    }

    private void awaitOperational(String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (cluster.node(name).state() != JanusNode.State.OPERATIONAL) {
            assertTrue(System.nanoTime() < deadline, name + " operational");
            Thread.sleep(50);
        }
    }

    private static void publish(MediaTopic call) throws Exception {
        call.request("alice", "a1", Map.of("kind", "publish", "feed", "camera", "sdp", Sdp.offer(true, true)));
    }
}
