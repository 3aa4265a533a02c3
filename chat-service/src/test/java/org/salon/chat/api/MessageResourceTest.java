package org.salon.chat.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.TestTokens;
import org.salon.testkit.TopicReader;
import org.salon.testkit.TopicWriter;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class MessageResourceTest {
    /** Each test its own alice (a new instance per test), so that her posts count against her rate alone. */
    final String aliceId = "alice-" + UUID.randomUUID();
    final String ALICE = TestTokens.user(aliceId);

    @Inject
    AgroalDataSource db;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aRetriedPostIsStoredAndPublishedOnce() throws Exception {
        String conversation = conversationOfAlice();
        long id = post(ALICE, conversation, "{\"body\":\"Hello **world**\",\"idempotencyKey\":\"k1\"}").statusCode(201)
                .body("authorId", equalTo(aliceId)).body("body", equalTo("Hello **world**")).extract().jsonPath().getLong("id");
        long again = post(ALICE, conversation, "{\"body\":\"Hello **world**\",\"idempotencyKey\":\"k1\"}").statusCode(200)
                .extract().jsonPath().getLong("id");
        assertEquals(id, again);
        assertEquals(1, count("select count(*) from message where kind = 'comment' and conversation_id = '" + conversation + "'"));
        try (TopicReader chat = new TopicReader(kafka, "salon.chat")) {
            java.util.function.Predicate<JsonNode> comments = e -> conversation.equals(e.path("subject").asText())
                    && "comment".equals(e.at("/data/kind").asText());
            List<JsonNode> events = chat.awaitEvents(comments, 1, Duration.ofSeconds(15));
            chat.poll(Duration.ofSeconds(1));
            assertEquals(1, chat.awaitEvents(comments, 2, Duration.ZERO).size());
            assertEquals("org.salon.chat.message.posted", events.get(0).path("type").asText());
            assertEquals(id, events.get(0).at("/data/messageId").asLong());
        }
    }

    @Test
    void concurrentPostsToOneConversationAreNumberedWithoutGapsInCommitOrder() throws Exception {
        String conversation = conversationOfAlice();
        int posts = 24;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var futures = IntStream.range(0, posts).mapToObj(i -> pool.submit(() -> post(ALICE, conversation,
                    "{\"body\":\"c" + i + "\",\"idempotencyKey\":\"c" + i + "\"}").statusCode(201))).toList();
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<Long> seqs = new java.util.ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select seq from message where conversation_id = '" + conversation + "' and kind = 'comment' order by id")) {
            while (r.next()) {
                seqs.add(r.getLong(1));
            }
        }
        // after the system message "conversation created" (seq 1), which the conversation's seeding brings
        assertEquals(LongStream.rangeClosed(2, posts + 1).boxed().toList(), seqs, "id order and seq order agree, without gaps");
        try (TopicReader chat = new TopicReader(kafka, "salon.chat")) {
            List<Long> published = chat.awaitEvents(e -> conversation.equals(e.path("subject").asText())
                    && "comment".equals(e.at("/data/kind").asText()), posts, Duration.ofSeconds(15))
                    .stream().map(e -> e.at("/data/seq").asLong()).toList();
            assertEquals(seqs, published, "the topic carries them in the same order");
        }
    }

    @Test
    void theSameRetryArrivingManyTimesAtOnceIsStoredOnce() throws Exception {
        String conversation = conversationOfAlice();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<Integer> statuses;
        try {
            var futures = IntStream.range(0, 8).mapToObj(i -> pool.submit(() -> post(ALICE, conversation,
                    "{\"body\":\"once\",\"idempotencyKey\":\"same\"}").extract().statusCode())).toList();
            statuses = new java.util.ArrayList<>();
            for (var f : futures) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, statuses.stream().filter(st -> st == 201).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(st -> st == 200).count(), statuses.toString());
        assertEquals(1, count("select count(*) from message where kind = 'comment' and conversation_id = '" + conversation + "'"));
    }

    @Test
    void historyPagesBackwardsAndCatchesUpForwardsWithoutGapsOrRepeats() throws Exception {
        String conversation = conversationOfAlice();
        List<Long> ids = IntStream.range(0, 7).mapToObj(i -> post(ALICE, conversation,
                "{\"body\":\"m" + i + "\",\"idempotencyKey\":\"h" + i + "\"}").statusCode(201).extract().jsonPath().getLong("id"))
                .toList();
        String path = "/api/chat/conversations/" + conversation + "/messages";
        List<Long> newest = given().auth().oauth2(ALICE).queryParam("limit", 3).get(path).then().statusCode(200)
                .extract().jsonPath().getList("id", Long.class);
        assertEquals(List.of(ids.get(6), ids.get(5), ids.get(4)), newest);
        List<Long> older = given().auth().oauth2(ALICE).queryParam("limit", 3).queryParam("before", ids.get(4)).get(path).then()
                .extract().jsonPath().getList("id", Long.class);
        assertEquals(List.of(ids.get(3), ids.get(2), ids.get(1)), older);
        List<Long> missed = given().auth().oauth2(ALICE).queryParam("after", ids.get(2)).get(path).then()
                .extract().jsonPath().getList("id", Long.class);
        assertEquals(ids.subList(3, 7), missed);
        given().auth().oauth2(ALICE).queryParam("limit", 201).get(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ALICE).queryParam("before", 1).queryParam("after", 1).get(path).then().statusCode(400);
    }

    @Test
    void repliesNameAParentOfTheSameConversation() throws Exception {
        String conversation = conversationOfAlice();
        long parent = post(ALICE, conversation, "{\"body\":\"Question?\",\"idempotencyKey\":\"q\"}").statusCode(201)
                .extract().jsonPath().getLong("id");
        post(ALICE, conversation, "{\"body\":\"Answer\",\"idempotencyKey\":\"a\",\"replyTo\":" + parent + "}").statusCode(201)
                .body("replyTo", equalTo((int) parent)).body("parent.body", equalTo("Question?")).body("parent.authorId", equalTo(aliceId));
        post(ALICE, conversationOfAlice(), "{\"body\":\"Elsewhere\",\"idempotencyKey\":\"e\",\"replyTo\":" + parent + "}")
                .statusCode(400).contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"body\":\"\",\"idempotencyKey\":\"x1\"}", "{\"body\":\"   \",\"idempotencyKey\":\"x2\"}",
            "{\"body\":\"no key\"}", "{\"body\":\"bad key\",\"idempotencyKey\":\"a b\"}", "{\"body\":42,\"idempotencyKey\":[]}",
            "{\"body\":\"hi\",\"idempotencyKey\":\"x3\",\"replyTo\":999999999}", "{\"body\":",
            "{\"body\":\"nul\\u0000inside\",\"idempotencyKey\":\"x4\"}" })
    void badMessagesAreRefusedAndNothingIsStored(String body) throws Exception {
        String conversation = conversationOfAlice();
        post(ALICE, conversation, body).statusCode(400).contentType("application/problem+json");
        assertEquals(0, count("select count(*) from message where kind = 'comment' and conversation_id = '" + conversation + "'"));
    }

    @Test
    void anOversizedMessageIsRefused() throws Exception {
        String conversation = conversationOfAlice();
        post(ALICE, conversation, "{\"body\":\"" + "é".repeat(32_001) + "\",\"idempotencyKey\":\"big\"}").statusCode(400);
        post(ALICE, conversation, "{\"body\":\"" + "é".repeat(32_000) + "\",\"idempotencyKey\":\"max\"}").statusCode(201);
        assertEquals(1, count("select count(*) from message where kind = 'comment' and conversation_id = '" + conversation + "'"));
    }

    @Test
    void aGuestChatsOnlyInTheirConversation() {
        String mine = UUID.randomUUID().toString();
        String guestId = "guest-" + UUID.randomUUID();
        TopicWriter.conversation(kafka, mine, aliceId, guestId);
        String guest = TestTokens.guest(mine, guestId);
        post(guest, mine, "{\"body\":\"Hi, I'm a guest\",\"idempotencyKey\":\"g1\"}").statusCode(201).body("authorName", equalTo("A guest"));
        post(guest, UUID.randomUUID().toString(), "{\"body\":\"Sneaky\",\"idempotencyKey\":\"g2\"}").statusCode(403);
        given().auth().oauth2(guest).get("/api/chat/conversations/" + mine + "/messages").then().statusCode(200).body("findAll { it.kind == 'comment' }", hasSize(1));
    }

    @Test
    void onlyParticipantsReadAndPostWithinReadOnlyLobbyAndPermissions() throws Exception {
        String conversation = UUID.randomUUID().toString();
        TopicWriter.conversation(kafka, conversation, aliceId, "carol-id");
        String carol = TestTokens.user("carol-id");
        String path = "/api/chat/conversations/" + conversation + "/messages";
        post(carol, conversation, "{\"body\":\"Hello\",\"idempotencyKey\":\"c1\"}").statusCode(201);
        String outsider = TestTokens.user("bob-id");
        post(outsider, conversation, "{\"body\":\"Let me in\",\"idempotencyKey\":\"b1\"}").statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(outsider).get(path).then().statusCode(403);
        post(ALICE, UUID.randomUUID().toString(), "{\"body\":\"Nowhere\",\"idempotencyKey\":\"n1\"}").statusCode(404);

        conversationEvent(conversation, "settings.changed", "\"settings\":{\"description\":\"\",\"readOnly\":true,"
                + "\"whoMayStartCall\":\"everyone\",\"defaultPermissions\":[\"chat\"]},\"changedBy\":\"alice-id\"");
        awaitCount("select count(*) from membership_conversation where read_only and conversation_id = '" + conversation + "'", 1);
        post(ALICE, conversation, "{\"body\":\"Quiet please\",\"idempotencyKey\":\"a1\"}").statusCode(403)
                .body("detail", equalTo("This conversation is read-only"));
        given().auth().oauth2(carol).get(path).then().statusCode(200).body("findAll { it.kind == 'comment' }", hasSize(1));

        conversationEvent(conversation, "settings.changed", "\"settings\":{\"description\":\"\",\"readOnly\":false,"
                + "\"whoMayStartCall\":\"everyone\",\"defaultPermissions\":[\"join_call\"]},\"changedBy\":\"alice-id\"");
        conversationEvent(conversation, "lobby.changed", "\"enabled\":true,\"openAt\":null,\"changedBy\":\"alice-id\"");
        awaitCount("select count(*) from membership_conversation where lobby_enabled and conversation_id = '" + conversation + "'", 1);
        given().auth().oauth2(carol).get(path).then().statusCode(403).body("detail", org.hamcrest.Matchers.containsString("lobby"));
        post(ALICE, conversation, "{\"body\":\"Moderators talk in the lobby\",\"idempotencyKey\":\"a2\"}").statusCode(201);

        conversationEvent(conversation, "lobby.changed", "\"enabled\":false,\"openAt\":null,\"changedBy\":\"alice-id\"");
        awaitCount("select count(*) from membership_conversation where not lobby_enabled and conversation_id = '" + conversation + "'", 1);
        post(carol, conversation, "{\"body\":\"May I?\",\"idempotencyKey\":\"c2\"}").statusCode(403)
                .body("detail", equalTo("You may not chat in this conversation"));

        conversationEvent(conversation, "participant.removed", "\"participantId\":\"carol-id\",\"kind\":\"user\","
                + "\"reason\":\"removed\",\"removedBy\":\"alice-id\"");
        awaitCount("select count(*) from membership where conversation_id = '" + conversation + "'", 1);
        given().auth().oauth2(carol).get(path).then().statusCode(403);
        assertEquals(2, count("select count(*) from message where kind = 'comment' and conversation_id = '" + conversation + "'"));
    }

    private void conversationEvent(String conversation, String type, String fields) {
        TopicWriter.send(kafka, "salon.conversations", conversation, UUID.randomUUID().toString(), "org.salon.conversation." + type,
                conversation, "{\"conversationId\":\"" + conversation + "\"," + fields + "}");
    }

    private void awaitCount(String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count(sql) != expected) {
            org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() < deadline, sql);
            Thread.sleep(50);
        }
    }

    /** A conversation alice is in, as room-service would announce it, once its "created" system message is in. */
    private String conversationOfAlice() throws Exception {
        String conversation = UUID.randomUUID().toString();
        TopicWriter.conversation(kafka, conversation, aliceId);
        awaitCount("select count(*) from message where system = 'conversation_created' and conversation_id = '" + conversation + "'", 1);
        return conversation;
    }

    private static ValidatableResponse post(String token, String conversation, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/chat/conversations/" + conversation + "/messages").then();
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
