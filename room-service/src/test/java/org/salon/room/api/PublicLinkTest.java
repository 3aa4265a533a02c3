package org.salon.room.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.TestTokens;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Public links and guest passwords; the guest's token itself is shown end to end in system-tests. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "room"))
class PublicLinkTest {
    static final String USER = TestTokens.user();

    @Inject
    AgroalDataSource db;

    @Test
    void aPublicConversationHasALinkAndItsPasswordIsStoredHashed() throws Exception {
        ValidatableResponse created = create("{\"name\":\"Town hall\",\"type\":\"public\",\"password\":\"open sesame\"}").statusCode(201)
                .body("allowGuests", equalTo(true)).body("hasPassword", equalTo(true)).body("link", notNullValue());
        String id = created.extract().path("id");
        String link = created.extract().path("link");
        given().get("/api/room/public/" + link).then().statusCode(200).body("name", equalTo("Town hall"))
                .body("passwordRequired", equalTo(true)).body("id", nullValue());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select password_hash from conversation where id = '" + id + "'")) {
            r.next();
            assertEquals(true, r.getString(1).startsWith("$argon2id$"), "hashed with Argon2id");
        }
        given().auth().oauth2(Room.guestOf(db, id)).get("/api/room/conversations/" + id).then().statusCode(200)
                .body("link", nullValue());
    }

    @Test
    void aCloudUserWithTheLinkAndPasswordJoinsAsAMember() throws Exception {
        String id = create("{\"name\":\"Open talk\",\"type\":\"public\",\"password\":\"pass\"}").statusCode(201).extract().path("id");
        String link = given().auth().oauth2(USER).get("/api/room/conversations/" + id).then().extract().path("link");
        String daveId = java.util.UUID.randomUUID().toString();
        String dave = TestTokens.user(daveId);
        given().auth().oauth2(dave).get("/api/room/conversations/" + id).then().statusCode(403);
        given().auth().oauth2(dave).contentType(ContentType.JSON).body("{\"password\":\"wrong\"}").header("X-Forwarded-For", "192.0.2.80")
                .post("/api/room/public/" + link + "/join").then().statusCode(403);
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(dave).contentType(ContentType.JSON).body("{\"password\":\"pass\"}").header("X-Forwarded-For", "192.0.2.81")
                    .post("/api/room/public/" + link + "/join").then().statusCode(200).body("kind", equalTo("user"))
                    .body("conversation", equalTo(id)).body("participantId", equalTo(daveId)).body("token", nullValue());
        }
        given().auth().oauth2(dave).get("/api/room/conversations/" + id).then().statusCode(200).body("role", equalTo("member"));
        assertEquals(1, Room.count(db, "select count(*) from participant where self_joined and participant_id = '" + daveId + "'"));
        given().auth().oauth2(TestTokens.expired()).contentType(ContentType.JSON).body("{\"displayName\":\"Eve\"}")
                .post("/api/room/public/" + link + "/join").then().statusCode(401);
    }

    @Test
    void passwordsAreOnlyForConversationsThatAllowGuests() {
        create("{\"name\":\"Team\",\"type\":\"group\",\"password\":\"secret\"}").statusCode(400).contentType("application/problem+json");
        create("{\"name\":\"Team\",\"type\":\"public\",\"password\":\"   \"}").statusCode(400);
        create("{\"name\":\"Team\",\"type\":\"group\"}").statusCode(201).body("link", nullValue()).body("allowGuests", equalTo(false));
    }

    @Test
    void wrongPasswordsAreRefusedThenThrottledPerConversationAndIp() {
        String link = create("{\"name\":\"Locked\",\"type\":\"public\",\"password\":\"right one\"}").statusCode(201)
                .extract().path("link");
        for (int i = 0; i < 5; i++) {
            join(link, "203.0.113.50", "{\"displayName\":\"Eve\",\"password\":\"wrong " + i + "\"}").statusCode(403)
                    .contentType("application/problem+json").body("detail", equalTo("Wrong password"));
        }
        join(link, "203.0.113.50", "{\"displayName\":\"Eve\",\"password\":\"wrong again\"}").statusCode(429)
                .header("Retry-After", notNullValue()).contentType("application/problem+json");
        join(link, "203.0.113.50", "{\"displayName\":\"Eve\"}").statusCode(429);
        // another visitor of the same conversation is not locked out by Eve
        join(link, "198.51.100.60", "{\"displayName\":\"Gaston\",\"password\":\"wrong\"}").statusCode(403);
    }

    @Test
    void unknownLinksAndBadRequestsAreProblems() {
        given().get("/api/room/public/nolinklikethis").then().statusCode(404).contentType("application/problem+json");
        join("nolinklikethis", "192.0.2.70", "{\"displayName\":\"Gaston\"}").statusCode(404);
        String link = create("{\"name\":\"Open\",\"type\":\"public\"}").statusCode(201).extract().path("link");
        join(link, "192.0.2.71", "{\"displayName\":\"  \"}").statusCode(400).contentType("application/problem+json");
        join(link, "192.0.2.71", "{\"password\":\"x\"}").statusCode(400);
        join(link, "192.0.2.71", "{\"displayName\":").statusCode(400);
    }

    private static ValidatableResponse create(String body) {
        return given().auth().oauth2(USER).contentType(ContentType.JSON).body(body).post("/api/room/conversations").then();
    }

    private static ValidatableResponse join(String link, String ip, String body) {
        return given().header("X-Forwarded-For", ip).contentType(ContentType.JSON).body(body)
                .post("/api/room/public/" + link + "/join").then();
    }
}
