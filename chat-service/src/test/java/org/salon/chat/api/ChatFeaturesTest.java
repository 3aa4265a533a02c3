package org.salon.chat.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
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

/** Edits, deletions, reactions, mentions, read markers, search and the posting rate, against real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class ChatFeaturesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource db;

    final String alice = "alice-" + UUID.randomUUID();
    final String bob = "bob-" + UUID.randomUUID();
    final String conversation = UUID.randomUUID().toString();

    @Test
    void authorsEditAndDeleteTheirOwnModeratorsDeleteAnyAndEachIsAnEvent() throws Exception {
        TopicWriter.conversation(kafka, conversation, alice, bob);
        long mine = post(bob, "First draft", "e1").statusCode(201).extract().jsonPath().getLong("id");
        patch(alice, mine, "{\"body\":\"Alice's words\"}").statusCode(403).contentType("application/problem+json");
        patch(bob, mine, "{\"body\":\"Second draft\"}").statusCode(200).body("body", equalTo("Second draft"))
                .body("editedAt", notNullValue());
        patch(bob, mine, "{\"body\":\"  \"}").statusCode(400);
        long other = post(bob, "Regrettable", "e2").statusCode(201).extract().jsonPath().getLong("id");
        given().auth().oauth2(TestTokens.user(alice)).delete(path() + "/" + other).then().statusCode(200)
                .body("body", nullValue()).body("deletedAt", notNullValue());
        given().auth().oauth2(TestTokens.user(bob)).delete(path() + "/" + other).then().statusCode(409);
        patch(bob, other, "{\"body\":\"Back\"}").statusCode(409);
        given().auth().oauth2(TestTokens.user(bob)).get(path()).then().statusCode(200)
                .body("find { it.id == " + other + " }.body", nullValue()).body("find { it.id == " + other + " }.deletedAt", notNullValue())
                .body("find { it.id == " + mine + " }.body", equalTo("Second draft"));
        List<String> types = chatEvents(4).stream().map(e -> e.path("type").asText()).toList();
        assertEquals(List.of("org.salon.chat.message.posted", "org.salon.chat.message.edited", "org.salon.chat.message.posted",
                "org.salon.chat.message.deleted"), types);
    }

    @Test
    void reactionsAreOneEmojiOncePerParticipant() throws Exception {
        TopicWriter.conversation(kafka, conversation, alice, bob);
        long id = post(alice, "Lunch?", "r1").statusCode(201).extract().jsonPath().getLong("id");
        for (String who : List.of(alice, bob, bob)) {
            react(who, id, "👍", true).statusCode(204);
        }
        react(bob, id, "🧑🏽‍🚀", true).statusCode(204);
        for (String bad : List.of("yes", "👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍", ":)", "a👍")) {
            react(bob, id, bad, true).statusCode(400).contentType("application/problem+json");
        }
        react(bob, 999_999_999L, "👍", true).statusCode(404);
        given().auth().oauth2(TestTokens.user(alice)).get(path()).then()
                .body(byId(id) + ".reactions[0].emoji", equalTo("👍")).body(byId(id) + ".reactions[0].count", equalTo(2))
                .body(byId(id) + ".reactions[1].count", equalTo(1));
        react(alice, id, "👍", false).statusCode(204);
        react(alice, id, "👍", false).statusCode(204);
        given().auth().oauth2(TestTokens.user(alice)).get(path()).then().body(byId(id) + ".reactions[0].participants", equalTo(List.of(bob)));
        List<String> types = chatEvents(5).stream().map(e -> e.path("type").asText()).filter(t -> t.contains("reaction")).toList();
        assertEquals(List.of("org.salon.chat.reaction.added", "org.salon.chat.reaction.added", "org.salon.chat.reaction.added",
                "org.salon.chat.reaction.removed"), types, "a repeated reaction or removal is no event");
    }

    @Test
    void mentionsResolveToParticipantsAndAllIsForModerators() throws Exception {
        String carol = "carol-" + UUID.randomUUID();
        // bob, who posts, added last: once chat-service knows him it knows carol too (one partition, in order)
        TopicWriter.conversation(kafka, conversation, alice, carol, bob);
        post(bob, "Hey @" + carol + " and @\"" + alice + "\", and @nobody or mail@example.org", "m1").statusCode(201)
                .body("mentions", equalTo(List.of(carol, alice))).body("mentionsAll", equalTo(false));
        post(bob, "@all listen", "m2").statusCode(201).body("mentionsAll", equalTo(false));
        post(alice, "@all listen to me", "m3").statusCode(201).body("mentionsAll", equalTo(true));
        given().auth().oauth2(TestTokens.user(carol)).get(path()).then()
                .body("find { it.body?.startsWith('Hey') }.mentionsMe", equalTo(true))
                .body("find { it.body == '@all listen' }.mentionsMe", equalTo(false))
                .body("find { it.body == '@all listen to me' }.mentionsMe", equalTo(true));
    }

    @Test
    void readMarkersMoveForwardAndEveryoneIsTheSlowestReader() throws Exception {
        TopicWriter.conversation(kafka, conversation, alice, bob);
        long first = post(alice, "one", "k1").statusCode(201).extract().jsonPath().getLong("id");
        var posted = post(alice, "two", "k2").statusCode(201).extract().jsonPath();
        long second = posted.getLong("id");
        String read = "/api/chat/conversations/" + conversation + "/read";
        given().auth().oauth2(TestTokens.user(alice)).get(read).then().statusCode(200).body("messageId", equalTo((int) second))
                .body("everyoneMessageId", equalTo(0));
        markRead(bob, second).statusCode(200).body("messageId", equalTo((int) second)).body("everyoneMessageId", equalTo((int) second));
        markRead(bob, first).statusCode(200).body("messageId", equalTo((int) second));
        markRead(bob, 999_999_999L).statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.user(bob)).contentType(ContentType.JSON).body("{}").post(read).then().statusCode(400);
        JsonNode marker = chatEvents(3).stream().filter(e -> e.path("type").asText().equals("org.salon.chat.read")).findFirst().orElseThrow();
        assertEquals(bob, marker.at("/data/participantId").asText());
        assertEquals(posted.getLong("seq"), marker.at("/data/seq").asLong());
        assertEquals(1, chatEvents(3).stream().filter(e -> e.path("type").asText().equals("org.salon.chat.read")).count(),
                "going back is no event");
    }

    @Test
    void searchEverywhereFindsWhatIMayReadAndNothingElse() throws Exception {
        String carol = "carol-" + UUID.randomUUID();
        String mine = UUID.randomUUID().toString();
        String theirs = UUID.randomUUID().toString();
        String lobby = UUID.randomUUID().toString();
        TopicWriter.conversation(kafka, mine, bob, alice);
        TopicWriter.conversation(kafka, theirs, bob, carol);
        TopicWriter.conversation(kafka, lobby, bob, alice);
        postIn(mine, alice, "The budget is ready");
        for (String c : new String[] { mine, theirs, lobby }) {
            postIn(c, bob, "Budget of " + c);
        }
        // alice waits in the lobby of the last one: its messages are not hers to read yet
        TopicWriter.send(kafka, "salon.conversations", lobby, UUID.randomUUID().toString(), "org.salon.conversation.lobby.changed", lobby,
                "{\"conversationId\":\"" + lobby + "\",\"enabled\":true,\"openAt\":null,\"changedBy\":\"" + bob + "\"}");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> found;
        do {
            found = everywhere(alice, "budget");
        } while (found.size() != 2 && System.nanoTime() < deadline);
        assertEquals(List.of("Budget of " + mine, "The budget is ready"), found, "her one readable conversation's, newest first");
        assertEquals(4, everywhere(bob, "budget").size(), "bob, in all three and owner of the lobby's, reads all four");
        given().auth().oauth2(TestTokens.guest(conversation)).queryParam("q", "budget").get("/api/chat/search").then().statusCode(403);
        // a NUL reached PostgreSQL (500)
        given().auth().oauth2(TestTokens.user(alice)).queryParam("q", "bud\u0000get").get("/api/chat/search").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.user(alice)).queryParam("q", " ").get("/api/chat/search").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.user(alice)).queryParam("q", "budget").queryParam("limit", 0).get("/api/chat/search").then()
                .statusCode(400);
    }

    private static void postIn(String conversation, String who, String body) {
        given().auth().oauth2(TestTokens.user(who)).contentType(ContentType.JSON)
                .body("{\"body\":\"" + body + "\",\"idempotencyKey\":\"" + UUID.randomUUID() + "\"}")
                .post("/api/chat/conversations/" + conversation + "/messages").then().statusCode(201);
    }

    private List<String> everywhere(String who, String q) {
        return given().auth().oauth2(TestTokens.user(who)).queryParam("q", q).get("/api/chat/search").then().statusCode(200)
                .extract().jsonPath().getList("body");
    }

    @Test
    void searchFindsWordsInEnglishAndFrench() throws Exception {
        TopicWriter.conversation(kafka, conversation, alice);
        post(alice, "The meetings were cancelled", "s1").statusCode(201);
        post(alice, "Les réunions sont annulées", "s2").statusCode(201);
        post(alice, "Nothing to see", "s3").statusCode(201);
        assertEquals(List.of("The meetings were cancelled"), search(alice, "meeting"));
        assertEquals(List.of("Les réunions sont annulées"), search(alice, "réunion"));
        assertEquals(List.of(), search(alice, "cancelled -meeting"));
        given().auth().oauth2(TestTokens.user(alice)).get(path() + "/search?q=").then().statusCode(400);
        given().auth().oauth2(TestTokens.user(bob)).get(path() + "/search?q=meeting").then().statusCode(403);
    }

    @Test
    void aFloodFromOneSenderIsSlowedDownAndOthersAreNot() throws Exception {
        TopicWriter.conversation(kafka, conversation, alice, bob);
        int accepted = 0;
        String retryAfter = null;
        long started = System.nanoTime();
        for (int i = 0; i < 40 && retryAfter == null; i++) {
            var r = post(alice, "flood " + i, "f" + i).extract();
            if (r.statusCode() == 201) {
                accepted++;
            } else {
                assertEquals(429, r.statusCode());
                assertEquals("application/problem+json", r.contentType());
                retryAfter = r.header("Retry-After");
            }
        }
        // the burst of 30, plus what 2 per second refilled meanwhile
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(true, accepted >= 30 && accepted <= 30 + Math.ceil(seconds * 2) + 1, accepted + " accepted in " + seconds + " s");
        assertEquals(true, retryAfter != null && Integer.parseInt(retryAfter) >= 1);
        post(bob, "I can still talk", "b1").statusCode(201);
        try (var c = db.getConnection(); var s = c.createStatement();
                var r = s.executeQuery("select count(*) from message where kind = 'comment' and conversation_id = '" + conversation + "'")) {
            r.next();
            assertEquals(accepted + 1, r.getLong(1));
        }
    }

    private String path() {
        return "/api/chat/conversations/" + conversation + "/messages";
    }

    private ValidatableResponse post(String who, String body, String key) {
        return given().auth().oauth2(TestTokens.user(who)).contentType(ContentType.JSON)
                .body("{\"body\":\"" + body.replace("\"", "\\\"") + "\",\"idempotencyKey\":\"" + key + "\"}").post(path()).then();
    }

    private ValidatableResponse patch(String who, long id, String json) {
        return given().auth().oauth2(TestTokens.user(who)).contentType(ContentType.JSON).body(json).patch(path() + "/" + id).then();
    }

    private ValidatableResponse react(String who, long id, String emoji, boolean on) {
        var request = given().auth().oauth2(TestTokens.user(who)).urlEncodingEnabled(false);
        String url = path() + "/" + id + "/reactions/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20");
        return (on ? request.put(url) : request.delete(url)).then();
    }

    private ValidatableResponse markRead(String who, long id) {
        return given().auth().oauth2(TestTokens.user(who)).contentType(ContentType.JSON).body("{\"messageId\":" + id + "}")
                .post("/api/chat/conversations/" + conversation + "/read").then();
    }

    private List<String> search(String who, String q) {
        return given().auth().oauth2(TestTokens.user(who)).queryParam("q", q).get(path() + "/search").then().statusCode(200)
                .extract().jsonPath().getList("body");
    }

    private static String byId(long id) {
        return "find { it.id == " + id + " }";
    }

    /** The conversation's chat events but system messages (those come from the seeded conversation's events). */
    private List<JsonNode> chatEvents(int atLeast) {
        java.util.function.Predicate<JsonNode> ours = e -> conversation.equals(e.path("subject").asText())
                && !"system".equals(e.at("/data/kind").asText());
        try (TopicReader topic = new TopicReader(kafka, "salon.chat")) {
            topic.awaitEvents(ours, atLeast, Duration.ofSeconds(15));
            return topic.awaitEvents(ours, 1000, Duration.ofMillis(500));
        }
    }
}
