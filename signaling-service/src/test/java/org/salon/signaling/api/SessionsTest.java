package org.salon.signaling.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.SignalingClient;
import org.salon.testkit.TestTokens;
import org.salon.testkit.TopicReader;
import org.salon.testkit.TopicWriter;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Sessions: participants and presence, resume after a dropped connection, expiry, takeover, slow clients. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "signaling"))
class SessionsTest extends SignalingTests {

    final String conversation = UUID.randomUUID().toString();
    final String alice = "alice-" + UUID.randomUUID();
    final String bob = "bob-" + UUID.randomUUID();

    @BeforeEach
    void setUp() {
        TopicWriter.conversation(kafka, conversation, alice, bob);
    }

    @Test
    void joinedListsTheParticipantsWithWhoIsOnlineAndPresenceFollows() {
        try (SignalingClient a = connect(alice)) {
            JsonNode joined = a.join(conversation);
            assertEquals(List.of(alice, bob), sorted(joined.path("participants").findValuesAsText("participantId")));
            assertTrue(participant(joined, alice).path("online").asBoolean(), "alice is online: she just joined");
            assertFalse(participant(joined, bob).path("online").asBoolean());
            try (SignalingClient b = connect(bob)) {
                JsonNode bobsView = b.join(conversation);
                assertTrue(participant(bobsView, alice).path("online").asBoolean());
                a.await(presence(bob, p -> p.path("online").asBoolean() && !p.path("inCall").asBoolean()), Duration.ofSeconds(10));
                request(b, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true,\"video\":false}", "call");
                a.await(presence(bob, p -> p.path("inCall").asBoolean() && p.path("audio").asBoolean()), Duration.ofSeconds(10));
                // his screen share starts: everyone sees it
                request(b, "{\"type\":\"call-media\",\"conversation\":\"" + conversation + "\",\"audio\":true,\"screen\":true}", "call");
                a.await(presence(bob, p -> p.path("screen").asBoolean() && !p.path("video").asBoolean()), Duration.ofSeconds(10));
                try (SignalingClient later = connect(alice)) {
                    assertTrue(participant(later.join(conversation), bob).path("inCall").asBoolean(), "a later join sees bob in the call");
                }
                request(b, "{\"type\":\"leave\",\"conversation\":\"" + conversation + "\"}", "left");
                // bob left the conversation on his only connection, but is still in its call: online no more
                a.await(presence(bob, p -> !p.path("online").asBoolean()), Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aDroppedConnectionResumesWithItsCallAndEveryEventItMissedInOrder() {
        try (SignalingClient b = connect(bob); TopicReader calls = new TopicReader(kafka, "salon.calls")) {
            b.join(conversation);
            SignalingClient a = opened(alice);
            String session = a.hello().path("session").asText();
            a.join(conversation);
            request(a, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true,\"video\":true}", "call");
            List<String> before = publishRenames(2);
            for (String id : before) {
                a.await(eventId(id), Duration.ofSeconds(10));
            }
            a.abort();
            List<String> missed = publishRenames(5);
            b.await(eventId(missed.get(4)), Duration.ofSeconds(10));

            try (SignalingClient back = new SignalingClient(wsUri(), TestTokens.user(alice))) {
                JsonNode welcome = back.resume(session, a.lastSeq());
                assertTrue(welcome.path("resumed").asBoolean(), welcome.toString());
                assertEquals(session, welcome.path("session").asText());
                assertEquals(List.of(conversation), texts(welcome.path("conversations")));
                List<String> received = new ArrayList<>();
                List<JsonNode> frames = back.drain(Duration.ofSeconds(2));
                for (JsonNode f : frames) {
                    if ("event".equals(f.path("type").asText()) && f.at("/event/type").asText().equals("org.salon.conversation.renamed")) {
                        received.add(f.at("/event/id").asText());
                    }
                }
                assertEquals(missed, received, "every missed event, once, in order, and none it had: " + frames);
                // still in the call: the others never saw alice leave
                JsonNode state = request(b, "{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}", "joined");
                assertTrue(participant(state, alice).path("inCall").asBoolean(), state.toString());
                assertTrue(calls.poll(Duration.ofMillis(500)).stream()
                        .noneMatch(r -> conversation.equals(r.key()) && r.value().contains("org.salon.call.ended")), "the call goes on");
                // and live again
                String live = publishRenames(1).get(0);
                back.await(eventId(live), Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aSessionNotResumedInTimeLeavesItsCallAndGoesOffline() {
        try (SignalingClient b = connect(bob)) {
            b.join(conversation);
            SignalingClient a = opened(alice);
            String session = a.hello().path("session").asText();
            a.join(conversation);
            request(a, "{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true}", "call");
            a.abort();
            // the test's resume window is 6 s: within it nothing changes, then alice is out
            b.await(f -> "event".equals(f.path("type").asText()) && "org.salon.call.ended".equals(f.at("/event/type").asText()),
                    Duration.ofSeconds(20));
            b.await(presence(alice, p -> !p.path("online").asBoolean()), Duration.ofSeconds(10));
            try (SignalingClient late = new SignalingClient(wsUri(), TestTokens.user(alice))) {
                JsonNode welcome = late.resume(session, a.lastSeq());
                assertFalse(welcome.path("resumed").asBoolean(), "too late: a new session");
                assertNotEquals(session, welcome.path("session").asText());
            }
        }
    }

    @Test
    void onlyItsOwnParticipantResumesASessionAndAResumeTakesAnOpenOneOver() {
        SignalingClient a = opened(alice);
        String session = a.hello().path("session").asText();
        a.join(conversation);
        try (SignalingClient mallory = new SignalingClient(wsUri(), TestTokens.user(bob))) {
            JsonNode welcome = mallory.resume(session, 0);
            assertFalse(welcome.path("resumed").asBoolean(), "bob cannot take alice's session");
            assertNotEquals(session, welcome.path("session").asText());
        }
        // alice's client thinks its connection died (the server still has it open): it resumes on a new one
        try (SignalingClient second = new SignalingClient(wsUri(), TestTokens.user(alice))) {
            JsonNode welcome = second.resume(session, a.lastSeq());
            assertTrue(welcome.path("resumed").asBoolean());
            assertEquals(4409, a.awaitClose(Duration.ofSeconds(10)), "the old connection is closed: resumed elsewhere");
            String live = publishRenames(1).get(0);
            second.await(eventId(live), Duration.ofSeconds(10));
        }
    }

    @Test
    void aSlowClientIsToldToResyncAndSlowsNobody() {
        try (SignalingClient slow = connect(alice); SignalingClient fast = connect(bob)) {
            slow.join(conversation);
            fast.join(conversation);
            slow.pause();
            // big events, many: far more than the network buffers and the test's queue of 64 hold
            String filler = "x".repeat(60_000);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                TopicWriter.send(kafka, "salon.conversations", conversation, id, "org.salon.conversation.renamed", conversation,
                        "{\"conversationId\":\"" + conversation + "\",\"name\":\"" + filler + "\",\"renamedBy\":\"" + bob + "\"}");
            }
            for (String id : ids) {
                fast.await(eventId(id), Duration.ofSeconds(30));
            }
            slow.unpause();
            JsonNode resync = slow.await(f -> "resync".equals(f.path("type").asText()), Duration.ofSeconds(30));
            assertEquals("resync", resync.path("type").asText());
            // after the resync it is live again
            String live = publishRenames(1).get(0);
            slow.await(eventId(live), Duration.ofSeconds(10));
        }
    }

    private List<String> publishRenames(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            TopicWriter.send(kafka, "salon.conversations", conversation, id, "org.salon.conversation.renamed", conversation,
                    "{\"conversationId\":\"" + conversation + "\",\"name\":\"Name " + i + "\",\"renamedBy\":\"" + bob + "\"}");
        }
        return ids;
    }

    /** Connected and said hello. */
    private SignalingClient connect(String who) {
        SignalingClient c = opened(who);
        c.hello();
        return c;
    }

    private static JsonNode participant(JsonNode joined, String id) {
        for (JsonNode p : joined.path("participants")) {
            if (id.equals(p.path("participantId").asText())) {
                return p;
            }
        }
        throw new AssertionError(id + " not in " + joined);
    }

    private static Predicate<JsonNode> presence(String who, Predicate<JsonNode> data) {
        return f -> "event".equals(f.path("type").asText()) && "org.salon.call.presence".equals(f.at("/event/type").asText())
                && who.equals(f.at("/event/data/participantId").asText()) && data.test(f.at("/event/data"));
    }

    private static Predicate<JsonNode> eventId(String id) {
        return f -> id.equals(f.at("/event/id").asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> all = new ArrayList<>();
        array.forEach(n -> all.add(n.asText()));
        return all;
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }
}
