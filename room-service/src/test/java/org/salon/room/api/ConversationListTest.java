package org.salon.room.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.salon.room.api.Room.CONVERSATIONS;
import static org.salon.room.api.Room.as;
import static org.salon.room.api.Room.create;
import static org.salon.room.api.Room.createId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.TestTokens;
import org.salon.testkit.TopicWriter;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The conversation list: order, unread counts, running calls, presence, one-to-ones and search. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "room"))
class ConversationListTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource db;

    @Test
    void myConversationsAreListedMostRecentlyActiveFirst() {
        String token = TestTokens.user();
        String first = createId(token, "{\"name\":\"First\"}");
        String second = createId(token, "{\"name\":\"Second\"}");
        assertEquals(List.of(second, first), mine(token).getList("id"));
        as(token).body("{\"name\":\"First, again\"}").patch(CONVERSATIONS + "/" + first).then().statusCode(200);
        assertEquals(List.of(first, second), mine(token).getList("id"));
        given().auth().oauth2(token).queryParam("size", 1).get(CONVERSATIONS).then().body("size()", equalTo(1));
        given().auth().oauth2(token).queryParam("size", 1).queryParam("page", 1).get(CONVERSATIONS).then().body("[0].id", equalTo(second));
        given().auth().oauth2(TestTokens.guest(first)).get(CONVERSATIONS).then().statusCode(403);
        given().auth().oauth2(token).queryParam("size", 0).get(CONVERSATIONS).then().statusCode(400);
    }

    @Test
    void chatEventsGiveUnreadCountsAndCallEventsTheRunningCallAndPresence() throws Exception {
        String bob = TopicWriter.user(kafka, "Bob Unread", true);
        Room.awaitKnown(db, bob);
        String aliceId = UUID.randomUUID().toString();
        String alice = TestTokens.user(aliceId);
        String quiet = createId(alice, "{\"name\":\"Quiet\",\"participants\":[\"" + bob + "\"]}");
        String busy = createId(alice, "{\"name\":\"Busy\",\"participants\":[\"" + bob + "\"]}");
        for (int seq = 1; seq <= 3; seq++) {
            posted(busy, seq, aliceId);
        }
        posted(quiet, 1, bob);
        Room.awaitCount(db, "select last_seq from conversation where id = '" + quiet + "'", 1);
        JsonPath bobs = mine(TestTokens.user(bob));
        assertEquals(List.of(quiet, busy), bobs.getList("id"), "the last message decides the order");
        assertEquals(3, bobs.getInt("find { it.id == '" + busy + "' }.unread"));
        assertEquals(0, bobs.getInt("find { it.id == '" + quiet + "' }.unread"), "my own messages are read");
        assertEquals(0, mine(alice).getInt("find { it.id == '" + busy + "' }.unread"));
        assertEquals(1, mine(alice).getInt("find { it.id == '" + quiet + "' }.unread"));

        // a read marker, then a replayed older one that changes nothing
        TopicWriter.send(kafka, "salon.chat", busy, UUID.randomUUID().toString(), "org.salon.chat.read", busy,
                "{\"conversationId\":\"" + busy + "\",\"participantId\":\"" + bob + "\",\"messageId\":3,\"seq\":2}");
        TopicWriter.send(kafka, "salon.chat", busy, UUID.randomUUID().toString(), "org.salon.chat.read", busy,
                "{\"conversationId\":\"" + busy + "\",\"participantId\":\"" + bob + "\",\"messageId\":1,\"seq\":1}");
        posted(busy, 3, aliceId); // a redelivered message counts once
        Room.awaitCount(db, "select read_seq from participant where participant_id = '" + bob + "' and conversation_id = '" + busy + "'", 2);
        assertEquals(1, mine(TestTokens.user(bob)).getInt("find { it.id == '" + busy + "' }.unread"));

        // the list previews the last message: a replayed older one does not replace it; an edit and a deletion do
        posted(busy, 2, aliceId);
        assertEquals(Map.of("author", "A", "text", "hi number 3"), lastMessage(bob, busy));
        TopicWriter.send(kafka, "salon.chat", busy, UUID.randomUUID().toString(), "org.salon.chat.message.edited", busy,
                "{\"conversationId\":\"" + busy + "\",\"messageId\":1003,\"seq\":3,\"body\":\"hello again\"}");
        Room.awaitCount(db, "select count(*) from conversation where last_message_text = 'hello again' and id = '" + busy + "'", 1);
        TopicWriter.send(kafka, "salon.chat", busy, UUID.randomUUID().toString(), "org.salon.chat.message.deleted", busy,
                "{\"conversationId\":\"" + busy + "\",\"messageId\":1003,\"seq\":3,\"deletedBy\":\"" + aliceId + "\"}");
        Room.awaitCount(db, "select count(*) from conversation where last_message_system = 'message_deleted' and id = '" + busy + "'", 1);
        assertEquals(Map.of("author", "A", "system", "message_deleted"), lastMessage(bob, busy));

        // a call starts, bob is in it with audio, the call ends
        Instant start = Instant.now();
        TopicWriter.send(kafka, "salon.calls", quiet, UUID.randomUUID().toString(), "org.salon.call.started", quiet,
                "{\"conversationId\":\"" + quiet + "\",\"callId\":\"call-1\",\"startedBy\":\"" + bob + "\",\"startedAt\":\"" + start + "\"}");
        TopicWriter.send(kafka, "salon.calls", quiet, UUID.randomUUID().toString(), "org.salon.call.presence", quiet,
                "{\"conversationId\":\"" + quiet + "\",\"participantId\":\"" + bob + "\",\"online\":true,\"inCall\":true,\"audio\":true,"
                        + "\"video\":false,\"screen\":false,\"at\":\"" + start + "\"}");
        Room.awaitCount(db, "select count(*) from participant where in_call and participant_id = '" + bob + "'", 1);
        assertEquals(true, mine(alice).getBoolean("find { it.id == '" + quiet + "' }.call.running"));
        given().auth().oauth2(alice).get(CONVERSATIONS + "/" + quiet + "/participants").then()
                .body("find { it.participantId == '" + bob + "' }.online", equalTo(true))
                .body("find { it.participantId == '" + bob + "' }.audio", equalTo(true))
                .body("find { it.participantId == '" + aliceId + "' }.inCall", equalTo(false));
        TopicWriter.send(kafka, "salon.calls", quiet, UUID.randomUUID().toString(), "org.salon.call.ended", quiet,
                "{\"conversationId\":\"" + quiet + "\",\"callId\":\"call-1\",\"endedAt\":\"" + Instant.now() + "\",\"durationSeconds\":4,"
                        + "\"participants\":[\"" + bob + "\"]}");
        Room.awaitCount(db, "select count(*) from conversation where call_id is null and id = '" + quiet + "'", 1);
        assertEquals(false, mine(alice).getBoolean("find { it.id == '" + quiet + "' }.call.running"));
    }

    @Test
    void anEventThatCannotBeReadIsSkippedAndTheNextOneApplied() throws Exception {
        String alice = TestTokens.user();
        String id = createId(alice, "{\"name\":\"Robust\"}");
        TopicWriter.send(kafka, "salon.chat", id, UUID.randomUUID().toString(), "org.salon.chat.message.posted", id,
                "{\"conversationId\":\"not-a-uuid\",\"seq\":\"x\"}");
        posted(id, 1, "someone");
        Room.awaitCount(db, "select last_seq from conversation where id = '" + id + "'", 1);
    }

    @Test
    void aOneToOneIsCreatedOncePerPairAndNamedAfterTheOtherPerson() throws Exception {
        String bob = TopicWriter.user(kafka, "Bob Pair", true);
        String carol = TopicWriter.user(kafka, "Carol Third", true);
        Room.awaitKnown(db, bob, carol);
        String aliceId = UUID.randomUUID().toString();
        String alice = TestTokens.user(aliceId);
        String id = create(alice, "{\"type\":\"one_to_one\",\"participants\":[\"" + bob + "\"]}").statusCode(201)
                .body("name", equalTo("Bob Pair")).body("role", equalTo("owner")).extract().path("id");
        given().auth().oauth2(TestTokens.user(bob)).get(CONVERSATIONS + "/" + id).then().body("name", equalTo(aliceId))
                .body("role", equalTo("owner"));
        create(alice, "{\"type\":\"one_to_one\",\"participants\":[\"" + bob + "\"]}").statusCode(200).body("id", equalTo(id));
        create(alice, "{\"type\":\"one_to_one\",\"participants\":[\"" + bob + "\",\"" + carol + "\"]}").statusCode(400);
        create(alice, "{\"type\":\"one_to_one\",\"participants\":[]}").statusCode(400);
        as(alice).body("{\"users\":[\"" + carol + "\"]}").post(CONVERSATIONS + "/" + id + "/participants").then().statusCode(400)
                .contentType("application/problem+json");
        as(alice).body("{\"name\":\"Renamed\"}").patch(CONVERSATIONS + "/" + id).then().statusCode(400);
        as(alice).body("{\"allowed\":true}").put(CONVERSATIONS + "/" + id + "/guests").then().statusCode(400);
        // alice leaves; asking again brings her back into the same conversation
        as(alice).delete(CONVERSATIONS + "/" + id + "/participants/" + aliceId).then().statusCode(204);
        given().auth().oauth2(alice).get(CONVERSATIONS + "/" + id).then().statusCode(403);
        create(alice, "{\"type\":\"one_to_one\",\"participants\":[\"" + bob + "\"]}").statusCode(200).body("id", equalTo(id));
        assertEquals(1, Room.count(db, "select count(*) from conversation where pair_key like '%" + bob + "%'"));
    }

    @Test
    void searchFindsMineByNameOrParticipantAndPublicOnesToJoin() throws Exception {
        String bob = TopicWriter.user(kafka, "Bob Zanzibar", true);
        Room.awaitKnown(db, bob);
        String alice = TestTokens.user();
        String carol = TestTokens.user();
        String byName = createId(alice, "{\"name\":\"Quokka planning\"}");
        String byPerson = createId(alice, "{\"name\":\"Lunch\",\"participants\":[\"" + bob + "\"]}");
        String open = createId(carol, "{\"name\":\"Quokka fans\",\"type\":\"public\"}");
        String closed = createId(carol, "{\"name\":\"Quokka secrets\"}");

        JsonPath found = search(alice, "quokka");
        assertEquals(List.of(byName, open), found.getList("id"), "mine first, then public ones I may join");
        assertEquals(List.of(false, true), found.getList("joinable"));
        assertEquals(List.of(byPerson), search(alice, "zanzib").getList("id"));
        assertEquals(List.of(), search(alice, "%").getList("id"), "wildcards are searched for literally");
        given().auth().oauth2(alice).queryParam("search", " ").get(CONVERSATIONS).then().statusCode(400)
                .contentType("application/problem+json");
        assertEquals(false, search(carol, "quokka").getList("id").contains(byName));
        assertEquals(true, search(carol, "secrets").getList("id").contains(closed));
    }

    private void posted(String conversation, long seq, String author) {
        TopicWriter.send(kafka, "salon.chat", conversation, conversation + "-" + seq, "org.salon.chat.message.posted", conversation,
                "{\"conversationId\":\"" + conversation + "\",\"messageId\":" + (1000 + seq) + ",\"seq\":" + seq + ",\"authorId\":\""
                        + author + "\",\"authorName\":\"A\",\"body\":\"hi\\n  number " + seq + "\",\"createdAt\":\"" + Instant.now() + "\"}");
    }

    /** The list's preview of a conversation's last message, as bob sees it (its null fields left out). */
    private static Map<String, Object> lastMessage(String user, String conversation) {
        Map<String, Object> last = new java.util.HashMap<>(mine(TestTokens.user(user)).getMap("find { it.id == '" + conversation + "' }.lastMessage"));
        last.values().removeIf(java.util.Objects::isNull);
        return last;
    }

    private static JsonPath mine(String token) {
        return given().auth().oauth2(token).get(CONVERSATIONS).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath search(String token, String text) {
        return given().auth().oauth2(token).queryParam("search", text).get(CONVERSATIONS).then().statusCode(200).extract().jsonPath();
    }
}
