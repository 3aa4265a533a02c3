package org.salon.signaling.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.SignalingClient;
import org.salon.testkit.TopicReader;
import org.salon.testkit.TopicWriter;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * WebRTC negotiation through signaling-service: checked requests on salon.media for media-gateway, its signals
 * back to the one session they are for; speaking indicators. The test plays media-gateway's part on real Kafka.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "signaling"))
class MediaRelayTest extends SignalingTests {
    private static final String OFFER = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\n"
            + "a=mid:0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=mid:1\\r\\n";
    private static final String AUDIO_ONLY = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\n";

    final String conversation = UUID.randomUUID().toString();
    final String alice = "alice-" + UUID.randomUUID();
    final String bob = "bob-" + UUID.randomUUID();
    final String carol = "carol-" + UUID.randomUUID();

    @BeforeEach
    void setUp() {
        TopicWriter.conversation(kafka, conversation, alice, bob, carol);
        // carol may join calls and chat, nothing more
        TopicWriter.send(kafka, "salon.conversations", conversation, UUID.randomUUID().toString(),
                "org.salon.conversation.participant.changed", conversation, "{\"conversationId\":\"" + conversation
                        + "\",\"participantId\":\"" + carol + "\",\"role\":\"member\",\"previousRole\":\"member\","
                        + "\"permissions\":[\"join_call\",\"publish_audio\",\"chat\"],\"changedBy\":\"" + alice + "\"}");
    }

    @Test
    void checkedRequestsGoToMediaGatewayAndItsSignalsToTheirSessionOnly() {
        try (TopicReader media = new TopicReader(kafka, "salon.media");
                SignalingClient a = opened(alice); SignalingClient b = opened(bob)) {
            String aliceSession = a.hello().path("session").asText();
            b.hello();
            a.join(conversation);
            b.join(conversation);
            String publish = "{\"type\":\"media\",\"conversation\":\"" + conversation + "\",\"kind\":\"publish\",\"feed\":\"camera\","
                    + "\"sdp\":\"" + OFFER + "\"}";
            assertEquals("conflict", error(a, publish), "not in the call yet");
            request(a, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true,\"video\":true}", "call");
            // bad requests: each refused with a reason, none sent on
            assertEquals("bad_message", error(a, "{\"type\":\"media\",\"conversation\":\"" + conversation + "\",\"kind\":\"dance\"}"));
            assertEquals("bad_message", error(a, "{\"type\":\"media\",\"conversation\":\"" + conversation
                    + "\",\"kind\":\"publish\",\"feed\":\"camera\"}"));
            assertEquals("bad_message", error(a, "{\"type\":\"media\",\"conversation\":\"" + conversation
                    + "\",\"kind\":\"publish\",\"feed\":\"hologram\",\"sdp\":\"" + OFFER + "\"}"));
            assertEquals("bad_message", error(a, "{\"type\":\"media\",\"conversation\":\"" + conversation + "\",\"kind\":\"layer\",\"layer\":7}"));
            assertEquals("bad_message", error(a, "{\"type\":\"media\",\"conversation\":\"" + conversation
                    + "\",\"kind\":\"candidate\",\"candidate\":42}"));
            assertEquals("bad_message", error(a, "{\"type\":\"media\",\"conversation\":\"" + conversation + "\",\"kind\":\"leave\"}"));

            a.send(publish);
            a.send("{\"type\":\"media\",\"conversation\":\"" + conversation + "\",\"kind\":\"candidate\",\"feed\":\"camera\","
                    + "\"candidate\":{\"candidate\":\"candidate:1 1 udp 2122260223 10.0.0.2 40000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
            a.send("{\"type\":\"media\",\"conversation\":\"" + conversation + "\",\"kind\":\"restart\",\"feed\":\"camera\","
                    + "\"sdp\":\"" + OFFER + "\"}");
            List<JsonNode> requests = media.awaitEvents(e -> conversation.equals(e.path("subject").asText())
                    && "org.salon.media.request".equals(e.path("type").asText()), 3, Duration.ofSeconds(10));
            assertEquals(List.of("publish", "candidate", "restart"), requests.stream().map(e -> e.at("/data/kind").asText()).toList(),
                    "only the good requests, in order: " + requests);
            JsonNode offer = requests.get(0).path("data");
            assertEquals(aliceSession, offer.path("session").asText());
            assertEquals(alice, offer.path("participantId").asText());
            assertEquals("camera", offer.path("feed").asText());
            assertTrue(offer.path("sdp").asText().contains("m=video"));
            assertEquals("10.0.0.2 40000", requests.get(1).at("/data/candidate/candidate").asText().replaceAll(".* (10\\S+ \\d+) .*", "$1"));

            // media-gateway answers alice's session: alice's client gets it, bob's nothing
            TopicWriter.send(kafka, "salon.media", conversation, UUID.randomUUID().toString(), "org.salon.media.signal", conversation,
                    "{\"conversationId\":\"" + conversation + "\",\"session\":\"" + aliceSession + "\",\"kind\":\"answer\",\"feed\":\"camera\","
                            + "\"sdp\":\"v=0 answer\"}");
            JsonNode answer = a.await(f -> "media".equals(f.path("type").asText()), Duration.ofSeconds(10));
            assertEquals("answer", answer.path("kind").asText());
            assertEquals("v=0 answer", answer.path("sdp").asText());
            assertEquals(conversation, answer.path("conversation").asText());
            assertTrue(b.drain(Duration.ofMillis(500)).stream().noneMatch(f -> "media".equals(f.path("type").asText())));
            // who speaks, as the SFU hears it, reaches everyone in the conversation
            TopicWriter.send(kafka, "salon.media", conversation, UUID.randomUUID().toString(), "org.salon.media.signal", conversation,
                    "{\"conversationId\":\"" + conversation + "\",\"session\":null,\"kind\":\"speaking\",\"participantId\":\"" + alice
                            + "\",\"speaking\":true}");
            JsonNode speaking = b.await(f -> "speaking".equals(f.path("type").asText()), Duration.ofSeconds(10));
            assertEquals(alice, speaking.path("participant").asText());
            assertTrue(speaking.path("speaking").asBoolean());
            // whose feed reaches the SFU badly, too
            TopicWriter.send(kafka, "salon.media", conversation, UUID.randomUUID().toString(), "org.salon.media.signal", conversation,
                    "{\"conversationId\":\"" + conversation + "\",\"session\":null,\"kind\":\"slowlink\",\"participantId\":\"" + alice
                            + "\",\"feed\":\"camera\"}");
            JsonNode bad = b.await(f -> "bad-connection".equals(f.path("type").asText()), Duration.ofSeconds(10));
            assertEquals(alice, bad.path("participant").asText());
            assertEquals("camera", bad.path("feed").asText());

            // leaving the call tells media-gateway to release the session's media
            request(a, "{\"type\":\"call-leave\",\"conversation\":\"" + conversation + "\"}", "call-left");
            JsonNode leave = media.awaitEvents(e -> conversation.equals(e.path("subject").asText())
                    && "leave".equals(e.at("/data/kind").asText()), 1, Duration.ofSeconds(10)).get(0);
            assertEquals(aliceSession, leave.at("/data/session").asText());
        }
    }

    @Test
    void whatAnOfferCarriesMustBeAllowed() {
        try (TopicReader media = new TopicReader(kafka, "salon.media"); SignalingClient a = opened(alice);
                SignalingClient c = opened(carol)) {
            a.hello();
            a.join(conversation);
            request(a, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\"}", "call");
            c.hello();
            c.join(conversation);
            request(c, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true}", "call");
            String video = "{\"type\":\"media\",\"conversation\":\"" + conversation + "\",\"kind\":\"publish\",\"feed\":\"camera\","
                    + "\"sdp\":\"" + OFFER + "\"}";
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String refused;
            do {
                refused = error(c, video);
            } while (!"forbidden".equals(refused) && System.nanoTime() < deadline);
            assertEquals("forbidden", refused, "carol may not publish video");
            assertEquals("forbidden", error(c, "{\"type\":\"media\",\"conversation\":\"" + conversation
                    + "\",\"kind\":\"publish\",\"feed\":\"screen\",\"sdp\":\"" + AUDIO_ONLY.replace("audio", "video") + "\"}"), "nor share her screen");
            assertEquals("forbidden", error(c, "{\"type\":\"media\",\"conversation\":\"" + conversation
                    + "\",\"kind\":\"configure\",\"feed\":\"camera\",\"video\":true}"));
            c.send("{\"type\":\"media\",\"conversation\":\"" + conversation + "\",\"kind\":\"publish\",\"feed\":\"camera\",\"sdp\":\""
                    + AUDIO_ONLY + "\"}");
            List<JsonNode> sent = media.awaitEvents(e -> conversation.equals(e.path("subject").asText())
                    && "org.salon.media.request".equals(e.path("type").asText()), 1, Duration.ofSeconds(10));
            assertEquals(1, sent.size());
            assertTrue(!sent.get(0).at("/data/sdp").asText().contains("m=video"), "only her audio-only offer went on");
            assertTrue(media.poll(Duration.ofMillis(500)).stream().noneMatch(r -> conversation.equals(r.key())
                    && r.value().contains("m=video")), "nothing refused reached media-gateway");
        }
    }

    @Test
    void aModeratorsEndOrRemoveReleasesTheSessionsMedia() {
        try (TopicReader media = new TopicReader(kafka, "salon.media"); SignalingClient a = opened(alice); SignalingClient b = opened(bob)) {
            String aliceSession = a.hello().path("session").asText();
            String bobSession = b.hello().path("session").asText();
            a.join(conversation);
            b.join(conversation);
            request(a, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true}", "call");
            request(b, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true}", "call");
            request(a, "{\"type\":\"control\",\"conversation\":\"" + conversation + "\",\"action\":\"mute\",\"participant\":\"" + bob
                    + "\"}", "controlled");
            JsonNode muted = media.awaitEvents(e -> conversation.equals(e.path("subject").asText())
                    && "configure".equals(e.at("/data/kind").asText()), 1, Duration.ofSeconds(10)).get(0);
            assertEquals(bobSession, muted.at("/data/session").asText());
            assertTrue(!muted.at("/data/audio").asBoolean(true), "media-gateway stops forwarding bob's microphone");
            request(a, "{\"type\":\"control\",\"conversation\":\"" + conversation + "\",\"action\":\"end\"}", "controlled");
            List<JsonNode> leaves = media.awaitEvents(e -> conversation.equals(e.path("subject").asText())
                    && "leave".equals(e.at("/data/kind").asText()), 2, Duration.ofSeconds(10));
            assertEquals(java.util.Set.of(aliceSession, bobSession), java.util.Set.copyOf(leaves.stream().map(e -> e.at("/data/session").asText())
                    .toList()), "every session's media released");
        }
    }

    @Test
    void whoSpeaksInTheCallIsShownToTheOthers() {
        try (SignalingClient a = opened(alice); SignalingClient b = opened(bob)) {
            a.hello();
            b.hello();
            a.join(conversation);
            b.join(conversation);
            String speaking = "{\"type\":\"speaking\",\"conversation\":\"" + conversation + "\",\"speaking\":true}";
            assertEquals("conflict", error(a, speaking), "only who is in the call speaks in it");
            request(a, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true}", "call");
            assertEquals("bad_message", error(a, "{\"type\":\"speaking\",\"conversation\":\"" + conversation + "\",\"speaking\":\"loud\"}"));
            a.send(speaking);
            JsonNode heard = b.await(f -> "speaking".equals(f.path("type").asText()), Duration.ofSeconds(10));
            assertEquals(alice, heard.path("participant").asText());
            assertTrue(heard.path("speaking").asBoolean());
            assertTrue(a.drain(Duration.ofMillis(300)).stream().noneMatch(f -> "speaking".equals(f.path("type").asText())),
                    "not back to the speaker");
        }
    }
}
