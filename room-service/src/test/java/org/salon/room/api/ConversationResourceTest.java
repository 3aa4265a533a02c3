package org.salon.room.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "room"))
class ConversationResourceTest {
    static final String USER = org.salon.testkit.TestTokens.user();

    @Inject
    AgroalDataSource db;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void createWritesTheRowAndPublishesACloudEventKeyedByConversation() throws Exception {
        String id = given().auth().oauth2(USER).contentType(ContentType.JSON).body("{\"name\":\"  Weekly sync  \",\"type\":\"public\"}")
                .when().post("/api/room/conversations")
                .then().statusCode(201)
                .header("Location", containsString("/api/room/conversations/"))
                .body("name", equalTo("Weekly sync")).body("type", equalTo("public"))
                .extract().path("id");

        assertEquals(1, count("select count(*) from conversation where id = '" + id + "' and name = 'Weekly sync'"));

        try (TopicReader topic = new TopicReader(kafka, "salon.conversations")) {
            List<JsonNode> events = topic.awaitEvents(e -> id.equals(e.path("subject").asText())
                    && "org.salon.conversation.created".equals(e.path("type").asText()), 1, Duration.ofSeconds(15));
            assertEquals(1, events.size(), "exactly one created event for the new conversation");
            JsonNode event = events.get(0);
            assertEquals("1.0", event.path("specversion").asText());
            assertEquals("org.salon.conversation.created", event.path("type").asText());
            assertEquals("/salon/room-service", event.path("source").asText());
            assertEquals("Weekly sync", event.at("/data/name").asText());
            assertEquals("public", event.at("/data/type").asText());
            var record = topic.poll(Duration.ZERO).stream().filter(r -> r.value().contains(id)).findFirst().orElseThrow();
            assertEquals(id, record.key());
            assertEquals("application/cloudevents+json; charset=UTF-8",
                    new String(record.headers().lastHeader("content-type").value()));
        }
        awaitOutboxEmpty();
    }

    @Test
    void renamePublishesTheNewName() {
        String id = given().auth().oauth2(USER).contentType(ContentType.JSON).body("{\"name\":\"Before\"}")
                .post("/api/room/conversations").then().statusCode(201).extract().path("id");
        given().auth().oauth2(USER).contentType(ContentType.JSON).body("{\"name\":\"After\"}")
                .patch("/api/room/conversations/" + id).then().statusCode(200).body("name", equalTo("After"));
        given().auth().oauth2(USER).get("/api/room/conversations/" + id).then().statusCode(200).body("name", equalTo("After"))
                .body("type", equalTo("group"));
        try (TopicReader topic = new TopicReader(kafka, "salon.conversations")) {
            List<JsonNode> events = topic.awaitEvents(e -> id.equals(e.path("subject").asText()), 3, Duration.ofSeconds(15));
            assertEquals(List.of("org.salon.conversation.created", "org.salon.conversation.participant.added",
                    "org.salon.conversation.renamed"), events.stream().map(e -> e.path("type").asText()).toList(), "in commit order");
            assertEquals("owner", events.get(1).at("/data/role").asText());
            assertEquals("After", events.get(2).at("/data/name").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\":\"   \"}",
            "{\"name\":\"bell\\u0007\"}",
            "{\"name\":\"x\",\"type\":\"party\"}",
            "{\"type\":\"group\"}",
            "{\"name\":42,\"type\":[]}",
            "{\"name\":\"ok\",\"admin\":true}",
            "{\"name\":",
            "[]",
    })
    void badInputIsRefusedWithAProblemAndWritesNothing(String body) throws SQLException {
        long rows = count("select count(*) from conversation");
        long outbox = count("select count(*) from outbox");
        given().auth().oauth2(USER).contentType(ContentType.JSON).body(body).post("/api/room/conversations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
        assertEquals(rows, count("select count(*) from conversation"));
        assertEquals(outbox, count("select count(*) from outbox"));
    }

    @Test
    void tooLongNameIsRefused() throws SQLException {
        long rows = count("select count(*) from conversation");
        given().auth().oauth2(USER).contentType(ContentType.JSON).body("{\"name\":\"" + "é".repeat(256) + "\"}").post("/api/room/conversations")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("255"));
        given().auth().oauth2(USER).contentType(ContentType.JSON).body("{\"name\":\"" + "é".repeat(255) + "\"}").post("/api/room/conversations")
                .then().statusCode(201);
        assertEquals(rows + 1, count("select count(*) from conversation"));
    }

    @Test
    void unknownThingsAreProblems() {
        given().auth().oauth2(USER).get("/api/room/conversations/7d3b5a52-0000-4000-8000-000000000000")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("No conversation"));
        given().auth().oauth2(USER).get("/api/room/conversations/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/room/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().get("/nothing/at/all").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(USER).contentType(ContentType.JSON).body("{\"name\":\"x\"}").put("/api/room/conversations")
                .then().statusCode(405).contentType("application/problem+json");
        given().auth().oauth2(USER).contentType(ContentType.JSON).body("{\"name\":\"" + "x".repeat(300_000) + "\"}").post("/api/room/conversations")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void aGuestOpensOnlyTheirConversationAndChangesNothing() throws Exception {
        String mine = given().auth().oauth2(USER).contentType(ContentType.JSON).body("{\"name\":\"Open house\",\"type\":\"public\"}")
                .post("/api/room/conversations").then().statusCode(201).extract().path("id");
        String other = given().auth().oauth2(USER).contentType(ContentType.JSON).body("{\"name\":\"Private\"}")
                .post("/api/room/conversations").then().statusCode(201).extract().path("id");
        String guest = Room.guestOf(db, mine);
        given().auth().oauth2(guest).get("/api/room/conversations/" + mine).then().statusCode(200).body("name", equalTo("Open house"));
        given().auth().oauth2(guest).get("/api/room/conversations/" + other).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(guest).contentType(ContentType.JSON).body("{\"name\":\"Mine now\"}")
                .patch("/api/room/conversations/" + mine).then().statusCode(403);
        given().auth().oauth2(guest).contentType(ContentType.JSON).body("{\"name\":\"Guest's own\"}")
                .post("/api/room/conversations").then().statusCode(403);
        given().auth().oauth2(USER).get("/api/room/conversations/" + mine).then().body("name", equalTo("Open house"));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Kafka")))
                .body("checks.name", hasItem(containsString("Database")));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("salon_outbox_published_total"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/room/conversations"));
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void awaitOutboxEmpty() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count("select count(*) from outbox") > 0) {
            assertTrue(System.nanoTime() < deadline, "the relay empties the outbox");
            Thread.sleep(50);
        }
    }
}
