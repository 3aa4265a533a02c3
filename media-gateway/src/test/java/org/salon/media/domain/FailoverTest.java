package org.salon.media.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.salon.testkit.Infrastructure;
import org.salon.testkit.JanusResource;
import org.salon.testkit.Launcher;
import org.salon.testkit.TopicReader;
import org.salon.testkit.TopicWriter;

import com.fasterxml.jackson.databind.JsonNode;
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

    final String conversation = UUID.randomUUID().toString();

    @Test
    void aCallOnAKilledNodeIsPublishedAgainOnAnother() throws Exception {
        Launcher second = new Launcher("salon-janus-2-").freePort("JANUS_WS").freePort("JANUS_ADMIN")
                .set("SALON_JANUS_RTP_PORTS", "19000-19499");
        // the same secrets as the first node: media-gateway has one api secret for its cluster
        Files.createDirectories(second.home().resolve("data/secrets"));
        for (String secret : new String[] { "janus-api-secret", "janus-admin-secret" }) {
            Files.writeString(second.home().resolve("data/secrets").resolve(secret), Infrastructure.shared().secret(secret));
        }
        second.require(120, "component", "start", "janus");
        List<String> others = cluster.nodes().stream().map(JanusNode::name).toList();
        try (TopicReader media = new TopicReader(kafka, "salon.media")) {
            cluster.add("janus-2", "ws://127.0.0.1:" + second.get("SALON_JANUS_WS_PORT"));
            awaitOperational("janus-2");
            others.forEach(n -> cluster.drain(n, true)); // the call goes to janus-2
            publish("a1");
            signal(media, "a1", "answer", 1);
            assertEquals(Map.of(conversation, "janus-2"), calls.calls());
            others.forEach(n -> cluster.drain(n, false));

            long killed = System.nanoTime(); // from the kill command on: the launcher's own time counts too
            second.require(60, "component", "kill", "janus");
            signal(media, "a1", "republish", 1);
            long told = System.nanoTime();
            assertTrue(told - killed < Duration.ofSeconds(5).toNanos(), "told within 5 s, not " + (told - killed) / 1_000_000 + " ms");
            publish("a1");
            signal(media, "a1", "answer", 2);
            long again = System.nanoTime();
            String node = calls.calls().get(conversation);
            assertNotEquals("janus-2", node, "the call moved");
            assertTrue(others.contains(node));
            System.out.printf("failover: republish %d ms after the kill, published again on %s %d ms after it%n",
                    (told - killed) / 1_000_000, node, (again - killed) / 1_000_000);
            request("a1", Map.of("kind", "leave"));
        } finally {
            others.forEach(n -> cluster.drain(n, false));
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

    private void publish(String session) throws Exception {
        request(session, Map.of("kind", "publish", "feed", "camera", "sdp", Sdp.offer(true, true)));
    }

    private void request(String session, Map<String, Object> fields) throws Exception {
        Map<String, Object> data = new HashMap<>(fields);
        data.put("conversationId", conversation);
        data.put("participantId", "alice");
        data.put("session", session);
        data.put("instance", "signaling-test");
        data.put("at", "2026-12-05T00:00:00Z");
        TopicWriter.send(kafka, "salon.media", conversation, UUID.randomUUID().toString(), "org.salon.media.request", conversation,
                JSON.writeValueAsString(data));
    }

    /** Waits for the {@code n}th signal of that kind to the session. */
    private JsonNode signal(TopicReader media, String session, String kind, int n) {
        List<JsonNode> found = media.awaitEvents(e -> "org.salon.media.signal".equals(e.path("type").asText())
                && conversation.equals(e.path("subject").asText()) && session.equals(e.at("/data/session").asText())
                && kind.equals(e.at("/data/kind").asText()), n, Duration.ofSeconds(15));
        assertTrue(found.size() >= n, "signal " + kind + " #" + n + " for " + session);
        return found.get(n - 1).path("data");
    }
}
