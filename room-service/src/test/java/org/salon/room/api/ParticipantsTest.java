package org.salon.room.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
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
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "room"))
class ParticipantsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource db;

    @Test
    void participantsComeFromTheDirectoryAndOnlyTheyOpenTheConversation() throws Exception {
        String bob = TopicWriter.user(kafka, "Bob Dupont", true);
        String carol = TopicWriter.user(kafka, "Carol Nguyen", true);
        String gone = TopicWriter.user(kafka, "Gone Away", false);
        awaitKnown(bob, carol, gone);
        String alice = UUID.randomUUID().toString();
        String aliceToken = TestTokens.user(alice);

        String id = create(aliceToken, "{\"name\":\"Plans\",\"participants\":[\"" + bob + "\",\"" + carol + "\"]}").statusCode(201)
                .body("role", equalTo("owner")).extract().path("id");
        assertEquals(3, count("select count(*) from participant where conversation_id = '" + id + "'"));
        assertEquals(1, count("select count(*) from participant where conversation_id = '" + id + "' and role = 'owner'"));

        given().auth().oauth2(TestTokens.user(bob)).get("/api/room/conversations/" + id).then().statusCode(200);
        given().auth().oauth2(TestTokens.user()).get("/api/room/conversations/" + id).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("not a participant"));
        given().auth().oauth2(TestTokens.user(bob)).contentType(ContentType.JSON).body("{\"name\":\"Mine\"}")
                .patch("/api/room/conversations/" + id).then().statusCode(403);
        given().auth().oauth2(aliceToken).contentType(ContentType.JSON).body("{\"name\":\"Plans, renamed\"}")
                .patch("/api/room/conversations/" + id).then().statusCode(200);
    }

    @Test
    void unknownDisabledDuplicateOrSelfParticipantsAreRefusedAndNothingIsWritten() throws Exception {
        String gone = TopicWriter.user(kafka, "Disabled Person", false);
        String known = TopicWriter.user(kafka, "Known Person", true);
        awaitKnown(gone, known);
        String alice = UUID.randomUUID().toString();
        long before = count("select count(*) from conversation");
        for (String participants : List.of("[\"" + UUID.randomUUID() + "\"]", "[\"" + gone + "\"]",
                "[\"" + known + "\",\"" + known + "\"]", "[\"" + alice + "\"]", "[\"not-a-uuid\"]")) {
            create(TestTokens.user(alice), "{\"name\":\"Nope\",\"participants\":" + participants + "}").statusCode(400)
                    .contentType("application/problem+json");
        }
        assertEquals(before, count("select count(*) from conversation"));
    }

    @Test
    void myConversationsAreListedMostRecentlyActiveFirst() {
        String dave = UUID.randomUUID().toString();
        String token = TestTokens.user(dave);
        String first = create(token, "{\"name\":\"First\"}").statusCode(201).extract().path("id");
        String second = create(token, "{\"name\":\"Second\"}").statusCode(201).extract().path("id");
        List<String> mine = given().auth().oauth2(token).get("/api/room/conversations").then().statusCode(200)
                .extract().jsonPath().getList("id");
        assertEquals(List.of(second, first), mine);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"First, again\"}")
                .patch("/api/room/conversations/" + first).then().statusCode(200);
        assertEquals(List.of(first, second), given().auth().oauth2(token).get("/api/room/conversations").then()
                .extract().jsonPath().getList("id"));
        given().auth().oauth2(token).queryParam("size", 1).get("/api/room/conversations").then().body("size()", equalTo(1));
        given().auth().oauth2(TestTokens.guest(first)).get("/api/room/conversations").then().statusCode(403);
        given().auth().oauth2(token).queryParam("size", 0).get("/api/room/conversations").then().statusCode(400);
    }

    private static ValidatableResponse create(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/room/conversations").then();
    }

    private void awaitKnown(String... ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count("select count(*) from directory_user where id in ('" + String.join("','", ids) + "')") < ids.length) {
            assertTrue(System.nanoTime() < deadline, "room-service learns the users from salon.users");
            Thread.sleep(100);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
