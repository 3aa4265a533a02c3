package org.salon.room.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.salon.room.api.Room.CONVERSATIONS;
import static org.salon.room.api.Room.as;
import static org.salon.room.api.Room.count;
import static org.salon.room.api.Room.createId;
import static org.salon.room.api.Room.type;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.TestTokens;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** What owners and moderators change about a conversation, and the events that say so. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "room"))
class ConversationSettingsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource db;

    @Test
    void moderatorsDescribeMakeReadOnlyAndChooseWhoStartsCalls() {
        String alice = TestTokens.user();
        String id = createId(alice, "{\"name\":\"Board\"}");
        as(alice).body("{\"description\":\"  Where we decide\\nthings  \",\"readOnly\":true,\"whoMayStartCall\":\"users\"}")
                .patch(CONVERSATIONS + "/" + id).then().statusCode(200).body("description", equalTo("Where we decide\nthings"))
                .body("readOnly", equalTo(true)).body("whoMayStartCall", equalTo("users")).body("name", equalTo("Board"));
        List<JsonNode> events = Room.events(kafka, id, type("settings.changed"));
        JsonNode changed = events.get(events.size() - 1);
        assertEquals(type("settings.changed"), changed.path("type").asText());
        assertEquals("Where we decide\nthings", changed.at("/data/settings/description").asText());
        assertTrue(changed.at("/data/settings/readOnly").asBoolean());
        assertEquals("users", changed.at("/data/settings/whoMayStartCall").asText());
    }

    @Test
    void theLobbyHoldsNonModeratorsUntilItOpens() throws Exception {
        String alice = TestTokens.user();
        Room.Group webinar = Room.group(kafka, db, alice, "Webinar", "Bob Lobby");
        String id = webinar.id();
        String bob = webinar.member();
        String lobby = CONVERSATIONS + "/" + id + "/lobby";
        as(TestTokens.user(bob)).body("{\"enabled\":true}").put(lobby).then().statusCode(403);
        as(alice).body("{\"enabled\":true}").put(lobby).then().statusCode(200).body("lobby.enabled", equalTo(true))
                .body("lobby.active", equalTo(false));
        given().auth().oauth2(TestTokens.user(bob)).get(CONVERSATIONS + "/" + id).then().body("lobby.active", equalTo(true));
        Instant past = Instant.now().minusSeconds(60);
        as(alice).body("{\"enabled\":true,\"openAt\":\"" + past + "\"}").put(lobby).then().statusCode(200)
                .body("lobby.openAt", notNullValue());
        given().auth().oauth2(TestTokens.user(bob)).get(CONVERSATIONS + "/" + id).then().body("lobby.active", equalTo(false));
        as(alice).body("{\"enabled\":false,\"openAt\":\"" + past + "\"}").put(lobby).then().statusCode(400)
                .contentType("application/problem+json");
        as(alice).body("{\"enabled\":false}").put(lobby).then().statusCode(200).body("lobby.enabled", equalTo(false));
        assertEquals(3, Room.eventTypes(kafka, id, type("lobby.changed")).stream().filter(type("lobby.changed")::equals).count());
    }

    @Test
    void disallowingGuestsRemovesThemAndTheirTokensStopWorking() throws Exception {
        String alice = TestTokens.user();
        String id = createId(alice, "{\"name\":\"Open house\",\"type\":\"public\",\"password\":\"door\"}");
        String link = given().auth().oauth2(alice).get(CONVERSATIONS + "/" + id).then().extract().path("link");
        String guest = Room.guestOf(db, id);
        given().auth().oauth2(guest).get(CONVERSATIONS + "/" + id).then().statusCode(200);
        as(guest).body("{\"allowed\":false}").put(CONVERSATIONS + "/" + id + "/guests").then().statusCode(403);

        as(alice).body("{\"allowed\":false}").put(CONVERSATIONS + "/" + id + "/guests").then().statusCode(200)
                .body("type", equalTo("group")).body("allowGuests", equalTo(false)).body("link", nullValue())
                .body("hasPassword", equalTo(false));
        given().auth().oauth2(guest).get(CONVERSATIONS + "/" + id).then().statusCode(403).contentType("application/problem+json");
        given().get("/api/room/public/" + link).then().statusCode(404);
        assertEquals(0, count(db, "select count(*) from participant where conversation_id = '" + id + "' and kind = 'guest'"));
        List<String> types = Room.eventTypes(kafka, id, type("guests.disallowed"));
        assertEquals(List.of(type("participant.removed"), type("guests.disallowed")), types.subList(types.size() - 2, types.size()));

        // allowed again: a new link, and the old guest stays out
        String newLink = as(alice).body("{\"allowed\":true}").put(CONVERSATIONS + "/" + id + "/guests").then().statusCode(200)
                .body("allowGuests", equalTo(true)).body("link", not(equalTo(link))).extract().path("link");
        given().get("/api/room/public/" + newLink).then().statusCode(200).body("passwordRequired", equalTo(false));
        given().auth().oauth2(guest).get(CONVERSATIONS + "/" + id).then().statusCode(403);
        assertEquals(type("guests.allowed"), Room.eventTypes(kafka, id, type("guests.allowed")).stream().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void passwordsAreSetChangedAndRemovedByModeratorsOnly() throws Exception {
        String alice = TestTokens.user();
        String id = createId(alice, "{\"name\":\"Guarded\",\"type\":\"public\"}");
        String password = CONVERSATIONS + "/" + id + "/password";
        String member = UUID.randomUUID().toString();
        Room.update(db, "insert into participant (conversation_id, participant_id, kind, role, display_name, joined_at) values ('"
                + id + "', '" + member + "', 'user', 'member', 'Member', now())");
        as(TestTokens.user(member)).body("{\"password\":\"mine\"}").put(password).then().statusCode(403);
        as(alice).body("{\"password\":\"first\"}").put(password).then().statusCode(200).body("hasPassword", equalTo(true));
        String first = hash(id);
        as(alice).body("{\"password\":\"second\"}").put(password).then().statusCode(200);
        assertTrue(hash(id).startsWith("$argon2id$") && !hash(id).equals(first), "a changed password is stored hashed anew");
        as(alice).delete(password).then().statusCode(200).body("hasPassword", equalTo(false));
        assertEquals(List.of(type("password.set"), type("password.set"), type("password.removed")),
                Room.eventTypes(kafka, id, type("password.removed")).stream().filter(t -> t.contains("password")).toList());
        String group = createId(alice, "{\"name\":\"Closed\"}");
        as(alice).body("{\"password\":\"x\"}").put(CONVERSATIONS + "/" + group + "/password").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void ownersAndAdminsDeleteOthersCannot() throws Exception {
        String aliceId = UUID.randomUUID().toString();
        String alice = TestTokens.user(aliceId);
        String id = createId(alice, "{\"name\":\"Short lived\"}");
        given().auth().oauth2(TestTokens.user()).delete(CONVERSATIONS + "/" + id).then().statusCode(403);
        given().auth().oauth2(alice).delete(CONVERSATIONS + "/" + id).then().statusCode(204);
        given().auth().oauth2(alice).get(CONVERSATIONS + "/" + id).then().statusCode(404).contentType("application/problem+json");
        assertEquals(0, count(db, "select count(*) from conversation where id = '" + id + "'"));
        JsonNode deleted = Room.events(kafka, id, type("deleted")).stream().filter(e -> e.path("type").asText().equals(type("deleted")))
                .findFirst().orElseThrow();
        assertEquals(aliceId, deleted.at("/data/deletedBy").asText());

        String other = createId(alice, "{\"name\":\"Reported\"}");
        given().auth().oauth2(TestTokens.user(UUID.randomUUID().toString(), "user", "admin")).delete(CONVERSATIONS + "/" + other)
                .then().statusCode(204);
    }

    @Test
    void favouritesAndNotificationLevelsAreEachUsersOwn() throws Exception {
        String alice = TestTokens.user();
        Room.Group pinned = Room.group(kafka, db, alice, "Pinned", "Bob Fav");
        String id = pinned.id();
        String bob = pinned.member();
        as(alice).body("{\"favourite\":true,\"notifications\":\"mentions\"}").patch(CONVERSATIONS + "/" + id + "/preferences")
                .then().statusCode(200).body("favourite", equalTo(true)).body("notifications", equalTo("mentions"));
        given().auth().oauth2(TestTokens.user(bob)).get(CONVERSATIONS + "/" + id).then().body("favourite", equalTo(false))
                .body("notifications", equalTo("default"));
        as(alice).body("{\"notifications\":\"loud\"}").patch(CONVERSATIONS + "/" + id + "/preferences").then().statusCode(400);
        given().auth().oauth2(alice).get(CONVERSATIONS).then().body("find { it.id == '" + id + "' }.favourite", equalTo(true));
    }

    private String hash(String id) throws Exception {
        try (var c = db.getConnection(); var s = c.createStatement();
                var r = s.executeQuery("select password_hash from conversation where id = '" + id + "'")) {
            r.next();
            return r.getString(1);
        }
    }
}
