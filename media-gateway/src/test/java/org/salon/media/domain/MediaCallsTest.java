package org.salon.media.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.salon.testkit.Infrastructure;
import org.salon.testkit.JanusAdmin;
import org.salon.testkit.JanusResource;
import org.salon.testkit.MediaTopic;

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

    final String alice = "alice-" + UUID.randomUUID();
    final String bob = "bob-" + UUID.randomUUID();

    @Test
    void publishShareToggleAndLeaveWithoutLeavingHandles() throws Exception {
        JanusAdmin admin = new JanusAdmin(Infrastructure.shared().janusAdminUrl(), Infrastructure.shared().secret("janus-admin-secret"));
        int before = admin.handles();
        try (MediaTopic call = new MediaTopic(kafka)) {
            call.request(alice, "a1", Map.of("kind", "publish", "feed", "camera", "sdp", Sdp.offer(true, true)));
            JsonNode answer = call.signal("a1", "answer", 1);
            assertEquals("camera", answer.path("feed").asText());
            assertTrue(answer.path("sdp").asText().contains("m=video") && answer.path("sdp").asText().contains("a=recvonly"),
                    "Janus's answer receives alice's camera: " + answer);
            assertEquals(1, call.signal("a1", "feeds", 1).path("feeds").size());

            // bob asks for the others' feeds: none is live yet (media flows only with a browser), so he hears which
            // feeds there are and gets Janus's offer once one is up
            call.request(bob, "b1", Map.of("kind", "subscribe"));
            JsonNode none = call.signal("b1", "feeds", 1);
            assertEquals(List.of("camera"), none.path("feeds").findValuesAsText("feed"));

            // bob shares his screen: a second feed of his, his own camera untouched
            call.request(bob, "b1", Map.of("kind", "publish", "feed", "screen", "sdp", Sdp.offer(false, true)));
            assertEquals("screen", call.signal("b1", "answer", 1).path("feed").asText());
            call.signals(d -> isFeeds(d, "a1") && d.path("feeds").size() == 2, 1, Duration.ofSeconds(10));
            call.request(bob, "b1", Map.of("kind", "unpublish", "feed", "screen"));
            call.signals(d -> isFeeds(d, "a1") && d.path("feeds").size() == 1, 1, Duration.ofSeconds(10));
            // then only his microphone: an audio-only camera feed, told as such
            call.request(bob, "b1", Map.of("kind", "publish", "feed", "camera", "sdp", Sdp.offer(true, false)));
            assertEquals("camera", call.signal("b1", "answer", 2).path("feed").asText());
            JsonNode bobs = call.signals(d -> isFeeds(d, "a1") && d.path("feeds").size() == 2, 1, Duration.ofSeconds(10)).stream()
                    .flatMap(d -> d.path("feeds").findParents("participantId").stream())
                    .filter(f -> bob.equals(f.path("participantId").asText()) && "camera".equals(f.path("feed").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no camera feed of bob's"));
            assertTrue(bobs.path("audio").asBoolean() && !bobs.path("video").asBoolean(), "audio only: " + bobs);

            // alice's camera off: everyone's feed list says so, without renegotiation
            call.request(alice, "a1", Map.of("kind", "configure", "feed", "camera", "video", false));
            JsonNode feeds = call.signals(d -> isFeeds(d, "b1") && d.path("feeds").findValuesAsText("feed").contains("camera")
                    && !cameraOf(d.path("feeds")).path("video").asBoolean(true), 1, Duration.ofSeconds(10)).get(0);
            assertTrue(cameraOf(feeds.path("feeds")).path("audio").asBoolean(), "her microphone stays on");

            // refusals reach the one session, with the reason
            call.request(bob, "b9", Map.of("kind", "answer", "sdp", "v=0"));
            assertTrue(call.signal("b9", "error", 1).path("reason").asText().contains("publish or subscribe first"));
            call.request(bob, "b1", Map.of("kind", "publish", "feed", "camera", "sdp", "this is no SDP"));
            assertTrue(call.signal("b1", "error", 1).path("reason").asText().startsWith("publish"));

            assertEquals(Map.of(call.conversation, "janus-1"), calls.calls());
            call.request(alice, "a1", Map.of("kind", "leave"));
            call.request(bob, "b1", Map.of("kind", "leave"));
            assertEquals(before, admin.awaitHandles(before, Duration.ofSeconds(10)), "every handle of the call released");
            assertTrue(calls.calls().isEmpty(), "the room went with its last session");
        }
    }

    private static boolean isFeeds(JsonNode data, String session) {
        return session.equals(data.path("session").asText()) && "feeds".equals(data.path("kind").asText());
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
