package org.salon.signaling.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.SignalingClient;
import org.salon.testkit.TestTokens;
import org.salon.testkit.TopicWriter;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "signaling"))
class SignalingEndpointTest extends SignalingTests {

    @Test
    void joinedClientsReceiveTheirConversationsEventsOnceInOrder() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String alice = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        TopicWriter.conversation(kafka, a, alice);
        TopicWriter.conversation(kafka, b, bob);
        try (SignalingClient inA = new SignalingClient(wsUri(), TestTokens.user(alice));
                SignalingClient inB = new SignalingClient(wsUri(), TestTokens.user(bob))) {
            JsonNode welcome = inA.hello();
            assertEquals(1, welcome.path("version").asInt());
            assertTrue(welcome.path("session").asText().length() > 10);
            inA.join(a);
            inB.hello();
            inB.join(b);

            String first = UUID.randomUUID().toString();
            String second = UUID.randomUUID().toString();
            publish(a, first, "org.salon.conversation.created", "One");
            publish(a, first, "org.salon.conversation.created", "One"); // the outbox may deliver twice
            publish(a, second, "org.salon.conversation.renamed", "Two");

            // the conversation's own created/participant.added events may come too: look at the test's own
            List<String> ours = List.of(first, second);
            JsonNode e1 = inA.await(f -> ours.contains(f.at("/event/id").asText()), Duration.ofSeconds(10));
            JsonNode e2 = inA.await(f -> ours.contains(f.at("/event/id").asText()), Duration.ofSeconds(10));
            assertEquals(ours, List.of(e1.at("/event/id").asText(), e2.at("/event/id").asText()));
            assertEquals(a, e1.path("conversation").asText());
            assertEquals("Two", e2.at("/event/data/name").asText());
            assertTrue(inA.drain(Duration.ofMillis(500)).stream().noneMatch(f -> ours.contains(f.at("/event/id").asText())),
                    "the duplicate is dropped");
            assertTrue(inB.drain(Duration.ofMillis(200)).stream().noneMatch(f -> a.equals(f.path("conversation").asText())),
                    "a client of another conversation receives nothing of it");
        }
    }

    @Test
    void joinedComesBeforeAnyEventOfTheConversation() throws Exception {
        String a = UUID.randomUUID().toString();
        String alice = UUID.randomUUID().toString();
        TopicWriter.conversation(kafka, a, alice);
        // events of the conversation all along, so that some arrive while a join is being answered
        try (Flood flood = new Flood(a); SignalingClient client = new SignalingClient(wsUri(), TestTokens.user(alice))) {
            client.hello();
            for (int round = 0; round < 20; round++) {
                client.send("{\"type\":\"join\",\"conversation\":\"" + a + "\"}");
                JsonNode first = client.await(f -> !"left".equals(f.path("type").asText()), Duration.ofSeconds(10));
                assertEquals("joined", first.path("type").asText(), "round " + round + ": the first frame after join");
                client.send("{\"type\":\"leave\",\"conversation\":\"" + a + "\"}");
                client.await(f -> "left".equals(f.path("type").asText()), Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void twoJoinsInFlightLoseNoEvent() throws Exception {
        String a = UUID.randomUUID().toString();
        String alice = UUID.randomUUID().toString();
        TopicWriter.conversation(kafka, a, alice);
        try (Flood flood = new Flood(a); SignalingClient client = new SignalingClient(wsUri(), TestTokens.user(alice))) {
            client.hello();
            String join = "{\"type\":\"join\",\"conversation\":\"" + a + "\"}";
            client.send(join).send(join);
            List<JsonNode> frames = client.drain(Duration.ofSeconds(2));
            flood.close();
            List<Integer> numbers = frames.stream().filter(f -> "event".equals(f.path("type").asText()))
                    .map(f -> f.at("/event/data/name").asText()).filter(n -> n.startsWith(Flood.NAME))
                    .map(n -> Integer.parseInt(n.substring(Flood.NAME.length()))).toList();
            assertTrue(numbers.size() > 10, "events arrived: " + numbers.size());
            for (int i = 1; i < numbers.size(); i++) {
                assertEquals(numbers.get(i - 1) + 1, numbers.get(i), "no event lost or out of order between " + numbers.get(i - 1));
            }
        }
    }

    /** A conversation renamed "Flood 0", "Flood 1"... about every millisecond until closed. */
    private final class Flood implements AutoCloseable {
        static final String NAME = "Flood ";
        private final java.util.concurrent.atomic.AtomicBoolean on = new java.util.concurrent.atomic.AtomicBoolean(true);
        private final Thread thread;

        Flood(String conversation) {
            thread = new Thread(() -> {
                try {
                    for (int i = 0; on.get() && i < 20_000; i++) {
                        publish(conversation, UUID.randomUUID().toString(), "org.salon.conversation.renamed", NAME + i);
                        Thread.sleep(1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            on.set(false);
            thread.join();
        }
    }

    @Test
    void leftConversationsStopDelivering() {
        String a = UUID.randomUUID().toString();
        String alice = UUID.randomUUID().toString();
        TopicWriter.conversation(kafka, a, alice);
        try (SignalingClient client = new SignalingClient(wsUri(), TestTokens.user(alice))) {
            client.hello();
            client.join(a);
            client.send("{\"type\":\"leave\",\"conversation\":\"" + a + "\"}");
            client.await(f -> "left".equals(f.path("type").asText()), Duration.ofSeconds(5));
            publish(a, UUID.randomUUID().toString(), "org.salon.conversation.renamed", "Gone");
            assertTrue(client.drain(Duration.ofSeconds(1)).isEmpty());
        }
    }

    @Test
    void badFramesGetErrorFramesAndTheConnectionKeepsServing() {
        String alice = UUID.randomUUID().toString();
        String a = UUID.randomUUID().toString();
        TopicWriter.conversation(kafka, a, alice);
        try (SignalingClient client = new SignalingClient(wsUri(), TestTokens.user(alice))) {
            expectError(client, "{\"type\":\"join\",\"conversation\":\"" + UUID.randomUUID() + "\"}", "hello_required");
            expectError(client, "{not json", "bad_message");
            expectError(client, "[1,2]", "bad_message");
            expectError(client, "{\"type\":7}", "bad_message");
            expectError(client, "{\"type\":\"hello\",\"version\":99}", "unsupported_version");
            client.hello();
            expectError(client, "{\"type\":\"dance\"}", "unknown_type");
            expectError(client, "{\"type\":\"join\",\"conversation\":\"../../etc\"}", "bad_conversation");
            expectError(client, "{\"type\":\"join\"}", "bad_conversation");
            client.join(a);
            // a binary frame was silently dropped
            client.sendBinary("{\"type\":\"ping\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            client.await(f -> "bad_message".equals(f.path("code").asText()), java.time.Duration.ofSeconds(5));
            assertTrue(!client.closedByServer());
        }
        // over 64 KiB: closed as message too big (was 1011, a server error)
        try (SignalingClient client = new SignalingClient(wsUri(), TestTokens.user(alice))) {
            client.hello();
            client.send("{\"type\":\"ping\",\"pad\":\"" + "a".repeat(65_536) + "\"}");
            org.junit.jupiter.api.Assertions.assertEquals(1009, client.awaitClose(java.time.Duration.ofSeconds(5)));
        }
    }

    @Test
    void theUpgradeNeedsAValidTokenAndAGuestJoinsOnlyTheirConversation() {
        for (String bad : new String[] { null, TestTokens.expired(), TestTokens.badSignature(), TestTokens.algNone(),
                TestTokens.wrongIssuer(), TestTokens.wrongAudience(), "not-a-token" }) {
            var failure = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class,
                    () -> new SignalingClient(wsUri(), bad));
            assertTrue(failure.getCause() instanceof java.net.http.WebSocketHandshakeException h && h.getResponse().statusCode() == 401,
                    String.valueOf(failure.getCause()));
        }
        // the refused upgrade is a problem document too
        given().header("Connection", "Upgrade").header("Upgrade", "websocket").header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").auth().oauth2(TestTokens.expired()).get("/ws")
                .then().statusCode(401).contentType("application/problem+json");
        String mine = UUID.randomUUID().toString();
        String guestId = "guest-" + UUID.randomUUID();
        TopicWriter.conversation(kafka, mine, UUID.randomUUID().toString(), guestId);
        try (SignalingClient guest = new SignalingClient(wsUri(), TestTokens.guest(mine, guestId))) {
            guest.hello();
            guest.join(mine);
            expectError(guest, "{\"type\":\"join\",\"conversation\":\"" + UUID.randomUUID() + "\"}", "forbidden");
        }
    }

    @Test
    void guestsConnectionsCloseWhenTheyLoseTheirConversation() {
        String open = UUID.randomUUID().toString();
        String removedGuest = "guest-" + UUID.randomUUID();
        String stayingGuest = "guest-" + UUID.randomUUID();
        String alice = UUID.randomUUID().toString();
        TopicWriter.conversation(kafka, open, alice, stayingGuest, removedGuest);
        try (SignalingClient stays = new SignalingClient(wsUri(), TestTokens.guest(open, stayingGuest));
                SignalingClient removed = new SignalingClient(wsUri(), TestTokens.guest(open, removedGuest));
                SignalingClient user = new SignalingClient(wsUri(), TestTokens.user(alice));
                SignalingClient elsewhere = new SignalingClient(wsUri(), TestTokens.guest(UUID.randomUUID().toString()))) {
            for (SignalingClient c : List.of(stays, removed, user, elsewhere)) {
                c.hello();
            }
            stays.join(open);
            user.join(open);
            TopicWriter.send(kafka, "salon.conversations", open, UUID.randomUUID().toString(),
                    "org.salon.conversation.participant.removed", open, "{\"conversationId\":\"" + open + "\",\"participantId\":\""
                            + removedGuest + "\",\"kind\":\"guest\",\"reason\":\"removed\",\"removedBy\":\"alice\"}");
            assertEquals(4403, removed.awaitClose(Duration.ofSeconds(15)), "the removed guest's connection closes");
            assertEquals(-1, stays.awaitClose(Duration.ofMillis(300)), "the other guest stays");
            TopicWriter.send(kafka, "salon.conversations", open, UUID.randomUUID().toString(),
                    "org.salon.conversation.guests.disallowed", open,
                    "{\"conversationId\":\"" + open + "\",\"type\":\"group\",\"changedBy\":\"alice\"}");
            // the guest hears why, then the connection closes
            stays.await(f -> "org.salon.conversation.guests.disallowed".equals(f.at("/event/type").asText()), Duration.ofSeconds(15));
            assertEquals(4403, stays.awaitClose(Duration.ofSeconds(15)));
            user.await(f -> "org.salon.conversation.guests.disallowed".equals(f.at("/event/type").asText()), Duration.ofSeconds(5));
            assertEquals(-1, user.awaitClose(Duration.ofMillis(300)), "users stay");
            assertEquals(-1, elsewhere.awaitClose(Duration.ofMillis(100)), "guests of other conversations stay");
        }
    }

    @Test
    void onlyParticipantsJoinAndARemovedOneIsTakenOut() {
        String conversation = UUID.randomUUID().toString();
        String alice = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        TopicWriter.conversation(kafka, conversation, alice, bob);
        try (SignalingClient outsider = new SignalingClient(wsUri(), TestTokens.user());
                SignalingClient inside = new SignalingClient(wsUri(), TestTokens.user(bob));
                SignalingClient owner = new SignalingClient(wsUri(), TestTokens.user(alice))) {
            outsider.hello();
            expectError(outsider, "{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}", "forbidden");
            expectError(outsider, "{\"type\":\"join\",\"conversation\":\"" + UUID.randomUUID() + "\"}", "not_found");
            inside.hello();
            inside.join(conversation);
            owner.hello();
            owner.join(conversation);
            TopicWriter.send(kafka, "salon.conversations", conversation, UUID.randomUUID().toString(),
                    "org.salon.conversation.participant.removed", conversation, "{\"conversationId\":\"" + conversation
                            + "\",\"participantId\":\"" + bob + "\",\"kind\":\"user\",\"reason\":\"removed\",\"removedBy\":\"" + alice + "\"}");
            JsonNode left = inside.await(f -> "left".equals(f.path("type").asText()), Duration.ofSeconds(15));
            assertEquals("removed", left.path("reason").asText());
            publish(conversation, UUID.randomUUID().toString(), "org.salon.conversation.renamed", "After bob");
            owner.await(f -> "After bob".equals(f.at("/event/data/name").asText()), Duration.ofSeconds(10));
            assertTrue(inside.drain(Duration.ofMillis(500)).stream().noneMatch(f -> "event".equals(f.path("type").asText())),
                    "nothing more reaches the removed participant");
            expectError(inside, "{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}", "forbidden");
        }
    }

    @Test
    void aUserAddedToAConversationIsToldWithoutJoiningIt() {
        String conversation = UUID.randomUUID().toString();
        String alice = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        try (SignalingClient bobs = new SignalingClient(wsUri(), TestTokens.user(bob));
                SignalingClient someoneElse = new SignalingClient(wsUri(), TestTokens.user())) {
            bobs.hello();
            someoneElse.hello();
            TopicWriter.conversation(kafka, conversation, alice, bob);
            JsonNode invited = bobs.await(f -> "invited".equals(f.path("type").asText()), Duration.ofSeconds(15));
            assertEquals(conversation, invited.path("conversation").asText());
            assertTrue(someoneElse.drain(Duration.ofMillis(500)).stream().noneMatch(f -> "invited".equals(f.path("type").asText())),
                    "nobody else hears of it");
        }
    }

    @Test
    void chatEventsAndTypingReachTheConversationsOtherConnections() {
        String conversation = UUID.randomUUID().toString();
        String alice = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        TopicWriter.conversation(kafka, conversation, alice, bob);
        try (SignalingClient a = new SignalingClient(wsUri(), TestTokens.user(alice));
                SignalingClient b = new SignalingClient(wsUri(), TestTokens.user(bob));
                SignalingClient stranger = new SignalingClient(wsUri(), TestTokens.user())) {
            for (SignalingClient c : List.of(a, b, stranger)) {
                c.hello();
            }
            a.join(conversation);
            b.join(conversation);
            String posted = UUID.randomUUID().toString();
            TopicWriter.send(kafka, "salon.chat", conversation, posted, "org.salon.chat.message.posted", conversation,
                    "{\"conversationId\":\"" + conversation + "\",\"messageId\":1,\"seq\":1,\"kind\":\"comment\",\"body\":\"hi\"}");
            for (SignalingClient c : List.of(a, b)) {
                assertEquals("hi", c.await(f -> posted.equals(f.at("/event/id").asText()), Duration.ofSeconds(10))
                        .at("/event/data/body").asText());
            }
            a.send("{\"type\":\"typing\",\"conversation\":\"" + conversation + "\",\"typing\":true}");
            JsonNode typing = b.await(f -> "typing".equals(f.path("type").asText()), Duration.ofSeconds(10));
            assertEquals(alice, typing.path("participant").asText());
            assertTrue(typing.path("typing").asBoolean());
            assertTrue(a.drain(Duration.ofMillis(500)).stream().noneMatch(f -> "typing".equals(f.path("type").asText())),
                    "not echoed to the one who types");
            expectError(stranger, "{\"type\":\"typing\",\"conversation\":\"" + conversation + "\",\"typing\":true}", "not_joined");
            expectError(a, "{\"type\":\"typing\",\"conversation\":\"" + conversation + "\",\"typing\":\"yes\"}", "bad_message");
            assertTrue(stranger.drain(Duration.ofMillis(300)).stream().noneMatch(f -> conversation.equals(f.path("conversation").asText())));
        }
    }

    @Test
    void anExpiredTokenClosesItsSocketAndAFloodIsRefusedFrameByFrame() {
        try (SignalingClient shortLived = new SignalingClient(wsUri(), TestTokens.expiringUser(UUID.randomUUID().toString(), 3))) {
            shortLived.hello();
            assertEquals(4401, shortLived.awaitClose(Duration.ofSeconds(10)), "closed when the token expires");
        }
        try (SignalingClient flood = new SignalingClient(wsUri(), TestTokens.user())) {
            flood.send("{\"type\":\"ping\"}");
            assertEquals("pong", flood.await(f -> true, Duration.ofSeconds(5)).path("type").asText());
            for (int i = 0; i < 80; i++) {
                flood.send("{\"type\":\"ping\"}");
            }
            List<JsonNode> answers = flood.drain(Duration.ofSeconds(2));
            long refused = answers.stream().filter(f -> "rate_limited".equals(f.path("code").asText())).count();
            assertTrue(refused >= 20, refused + " refused of 80");
            assertTrue(!flood.closedByServer(), "the connection stays");
        }
    }

    private static void expectError(SignalingClient client, String frame, String code) {
        client.send(frame);
        JsonNode error = client.await(f -> "error".equals(f.path("type").asText()), Duration.ofSeconds(5));
        assertEquals(code, error.path("code").asText(), frame);
        assertTrue(error.path("message").asText().length() > 0);
    }

    private void publish(String conversation, String eventId, String type, String name) {
        TopicWriter.send(kafka, "salon.conversations", conversation, eventId, type, conversation,
                "{\"conversationId\":\"" + conversation + "\",\"name\":\"" + name + "\"}");
    }
}
