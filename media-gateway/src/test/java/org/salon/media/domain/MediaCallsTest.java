package org.salon.media.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.salon.testkit.Infrastructure;
import org.salon.testkit.JanusAdmin;
import org.salon.testkit.JanusResource;
import org.salon.testkit.TopicReader;
import org.salon.testkit.TopicWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A call's media through media-gateway against a real Janus: sessions' requests arrive on salon.media as
 * signaling-service sends them, Janus's answers go back as signals; at the end no handle is left. The browsers'
 * side is played with session descriptions as Chromium writes them: no media flows here, so no feed goes live and
 * subscriptions (Janus offers only live feeds) are left to the tests with real browsers.
 */
@QuarkusTest
@WithTestResource(value = JanusResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class MediaCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    MediaCalls calls;

    final String conversation = UUID.randomUUID().toString();
    final String alice = "alice-" + UUID.randomUUID();
    final String bob = "bob-" + UUID.randomUUID();

    @Test
    void publishShareToggleAndLeaveWithoutLeavingHandles() throws Exception {
        JanusAdmin admin = new JanusAdmin(Infrastructure.shared().janusAdminUrl(), Infrastructure.shared().secret("janus-admin-secret"));
        int before = admin.handles();
        try (TopicReader media = new TopicReader(kafka, "salon.media")) {
            request(alice, "a1", Map.of("kind", "publish", "feed", "camera", "sdp", Sdp.offer(true, true)));
            JsonNode answer = signal(media, "a1", "answer");
            assertEquals("camera", answer.path("feed").asText());
            assertTrue(answer.path("sdp").asText().contains("m=video") && answer.path("sdp").asText().contains("a=recvonly"),
                    "Janus's answer receives alice's camera: " + answer);
            assertEquals(1, signal(media, "a1", "feeds").path("feeds").size());

            // bob asks for the others' feeds: none is live yet (media flows only with a browser), so he hears which
            // feeds there are and gets Janus's offer once one is up
            request(bob, "b1", Map.of("kind", "subscribe"));
            JsonNode none = signal(media, "b1", "feeds");
            assertEquals(List.of("camera"), none.path("feeds").findValuesAsText("feed"));

            // bob shares his screen: a second feed of his, his own camera untouched
            request(bob, "b1", Map.of("kind", "publish", "feed", "screen", "sdp", Sdp.offer(false, true)));
            assertEquals("screen", signal(media, "b1", "answer").path("feed").asText());
            media.awaitEvents(e -> isSignal(e, "a1", "feeds") && e.at("/data/feeds").size() == 2, 1, Duration.ofSeconds(10));
            request(bob, "b1", Map.of("kind", "unpublish", "feed", "screen"));
            media.awaitEvents(e -> isSignal(e, "a1", "feeds") && e.at("/data/feeds").size() == 1, 1, Duration.ofSeconds(10));

            // alice's camera off: everyone's feed list says so, without renegotiation
            request(alice, "a1", Map.of("kind", "configure", "feed", "camera", "video", false));
            JsonNode feeds = media.awaitEvents(e -> isSignal(e, "b1", "feeds") && e.at("/data/feeds").findValuesAsText("feed").contains("camera")
                    && !cameraOf(e.at("/data/feeds")).path("video").asBoolean(true), 1, Duration.ofSeconds(10)).get(0);
            assertTrue(cameraOf(feeds.at("/data/feeds")).path("audio").asBoolean(), "her microphone stays on");

            // refusals reach the one session, with the reason
            request(bob, "b9", Map.of("kind", "answer", "sdp", "v=0"));
            assertTrue(signal(media, "b9", "error").path("reason").asText().contains("publish or subscribe first"));
            request(bob, "b1", Map.of("kind", "publish", "feed", "camera", "sdp", "this is no SDP"));
            assertTrue(signal(media, "b1", "error").path("reason").asText().startsWith("publish"));

            assertEquals(Map.of(conversation, "janus-1"), calls.calls());
            request(alice, "a1", Map.of("kind", "leave"));
            request(bob, "b1", Map.of("kind", "leave"));
            assertEquals(before, admin.awaitHandles(before, Duration.ofSeconds(10)), "every handle of the call released");
            assertTrue(calls.calls().isEmpty(), "the room went with its last session");
        }
    }

    private void request(String participant, String session, Map<String, Object> fields) throws Exception {
        Map<String, Object> data = new HashMap<>(fields);
        data.put("conversationId", conversation);
        data.put("participantId", participant);
        data.put("session", session);
        data.put("instance", "signaling-test");
        data.put("at", "2026-12-05T00:00:00Z");
        TopicWriter.send(kafka, "salon.media", conversation, UUID.randomUUID().toString(), "org.salon.media.request", conversation,
                JSON.writeValueAsString(data));
    }

    private JsonNode signal(TopicReader media, String session, String kind) {
        List<JsonNode> found = media.awaitEvents(e -> isSignal(e, session, kind), 1, Duration.ofSeconds(15));
        return found.get(0).path("data");
    }

    private boolean isSignal(JsonNode e, String session, String kind) {
        return "org.salon.media.signal".equals(e.path("type").asText()) && conversation.equals(e.path("subject").asText())
                && session.equals(e.at("/data/session").asText()) && kind.equals(e.at("/data/kind").asText());
    }

    private JsonNode cameraOf(JsonNode feeds) {
        for (JsonNode f : feeds) {
            if (alice.equals(f.path("participantId").asText()) && "camera".equals(f.path("feed").asText())) {
                return f;
            }
        }
        throw new AssertionError("no camera of alice in " + feeds);
    }
}
