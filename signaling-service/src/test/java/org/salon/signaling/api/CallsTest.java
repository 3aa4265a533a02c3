package org.salon.signaling.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.SignalingClient;
import org.salon.testkit.TopicReader;
import org.salon.testkit.TopicWriter;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Call state over the real service and Kafka: start, join, media, permissions, moderators' control, the end. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "signaling"))
class CallsTest extends SignalingTests {

    final String conversation = UUID.randomUUID().toString();
    final String alice = "alice-" + UUID.randomUUID();
    final String bob = "bob-" + UUID.randomUUID();
    final String carol = "carol-" + UUID.randomUUID();

    @Test
    void theFirstStartsTheCallOthersJoinModeratorsControlAndTheLastOutEndsIt() throws Exception {
        TopicWriter.conversation(kafka, conversation, alice, bob);
        try (SignalingClient a = connect(alice); SignalingClient b = connect(bob)) {
            JsonNode call = request(a, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true,\"video\":true}", "call");
            assertEquals(alice, call.path("startedBy").asText());
            // the ICE servers come with it: STUN, and TURN with a credential coturn checks (HMAC of "expiry:alice")
            assertEquals("stun:127.0.0.1:3478", call.at("/iceServers/0/urls/0").asText());
            JsonNode turn = call.at("/iceServers/1");
            String[] user = turn.path("username").asText().split(":", 2);
            assertEquals(alice, user[1]);
            long expiry = Long.parseLong(user[0]) - java.time.Instant.now().getEpochSecond();
            assertTrue(expiry > 11 * 3600 && expiry <= 12 * 3600, "12 hours from now: " + expiry);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec("test-turn-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA1"));
            assertEquals(java.util.Base64.getEncoder().encodeToString(mac.doFinal(turn.path("username").asText()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))), turn.path("credential").asText());
            assertEquals(List.of(alice), ids(call));
            // bob's client learns that a call runs, and who is in it
            b.await(event("org.salon.call.started"), Duration.ofSeconds(10));
            JsonNode both = request(b, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":false,\"video\":false}",
                    "call");
            assertEquals(List.of(alice, bob), ids(both), "bob joins listen-only");
            request(b, "{\"type\":\"call-media\",\"conversation\":\"" + conversation + "\",\"audio\":true,\"video\":false}", "call");
            a.await(f -> event("org.salon.call.presence").test(f) && bob.equals(f.at("/event/data/participantId").asText())
                    && f.at("/event/data/audio").asBoolean(), Duration.ofSeconds(10));
            // a member may not control; the owner mutes bob, and bob's client hears it
            assertEquals("forbidden", request(b, "{\"type\":\"control\",\"conversation\":\"" + conversation
                    + "\",\"action\":\"mute\",\"participant\":\"" + alice + "\"}", "error").path("code").asText());
            request(a, "{\"type\":\"control\",\"conversation\":\"" + conversation + "\",\"action\":\"mute\",\"participant\":\"" + bob + "\"}",
                    "controlled");
            b.await(f -> event("org.salon.call.presence").test(f) && bob.equals(f.at("/event/data/participantId").asText())
                    && !f.at("/event/data/audio").asBoolean() && f.at("/event/data/inCall").asBoolean(), Duration.ofSeconds(10));
            request(a, "{\"type\":\"control\",\"conversation\":\"" + conversation + "\",\"action\":\"remove\",\"participant\":\"" + bob
                    + "\"}", "controlled");
            b.await(f -> event("org.salon.call.presence").test(f) && bob.equals(f.at("/event/data/participantId").asText())
                    && !f.at("/event/data/inCall").asBoolean(), Duration.ofSeconds(10));
            request(a, "{\"type\":\"call-leave\",\"conversation\":\"" + conversation + "\"}", "call-left");
            JsonNode ended = b.await(event("org.salon.call.ended"), Duration.ofSeconds(10));
            List<String> attendees = new java.util.ArrayList<>();
            ended.at("/event/data/participants").forEach(n -> attendees.add(n.asText()));
            assertEquals(List.of(alice, bob), attendees, "everyone who was in the call");
            assertTrue(ended.at("/event/data/durationSeconds").asLong() >= 0);
        }
    }

    @Test
    void permissionsAreCheckedBeforeAnythingElse() {
        TopicWriter.conversation(kafka, conversation, alice, carol);
        TopicWriter.send(kafka, "salon.conversations", conversation, UUID.randomUUID().toString(),
                "org.salon.conversation.participant.changed", conversation, "{\"conversationId\":\"" + conversation
                        + "\",\"participantId\":\"" + carol + "\",\"role\":\"member\",\"previousRole\":\"member\","
                        + "\"permissions\":[\"join_call\",\"chat\"],\"changedBy\":\"" + alice + "\"}");
        try (SignalingClient c = connect(carol); SignalingClient a = connect(alice)) {
            String join = "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":false,\"video\":false}";
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            JsonNode refused;
            do { // the permission change reaches signaling's projection shortly
                refused = request(c, join, "error");
            } while (!refused.path("message").asText().contains("start") && System.nanoTime() < deadline);
            assertEquals("forbidden", refused.path("code").asText());
            request(a, join, "call");
            assertEquals("forbidden", request(c, "{\"type\":\"call-join\",\"conversation\":\"" + conversation
                    + "\",\"audio\":true,\"video\":false}", "error").path("code").asText(), "no publish_audio");
            request(c, join, "call");
            assertEquals("not_joined", request(c, "{\"type\":\"call-join\",\"conversation\":\"" + UUID.randomUUID()
                    + "\"}", "error").path("code").asText());
        }
    }

    @Test
    void aClosedConnectionLeavesItsCalls() {
        TopicWriter.conversation(kafka, conversation, alice);
        try (TopicReader calls = new TopicReader(kafka, "salon.calls")) {
            try (SignalingClient a = connect(alice)) {
                request(a, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true}", "call");
            }
            List<JsonNode> ended = calls.awaitEvents(e -> conversation.equals(e.path("subject").asText())
                    && "org.salon.call.ended".equals(e.path("type").asText()), 1, Duration.ofSeconds(15));
            assertEquals(1, ended.size(), "the call ended when its only participant's connection closed");
        }
    }

    private SignalingClient connect(String who) {
        SignalingClient c = opened(who);
        c.hello();
        c.join(conversation);
        return c;
    }

    private static Predicate<JsonNode> event(String type) {
        return f -> "event".equals(f.path("type").asText()) && type.equals(f.at("/event/type").asText());
    }

    private static List<String> ids(JsonNode call) {
        return call.path("participants").findValuesAsText("participantId");
    }
}
