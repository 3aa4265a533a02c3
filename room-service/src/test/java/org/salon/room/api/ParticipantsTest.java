package org.salon.room.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.salon.room.api.Room.as;
import static org.salon.room.api.Room.count;
import static org.salon.room.api.Room.create;
import static org.salon.room.api.Room.createId;
import static org.salon.room.api.Room.type;

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
        Room.awaitKnown(db, bob, carol);
        String alice = UUID.randomUUID().toString();
        String aliceToken = TestTokens.user(alice);

        String id = create(aliceToken, "{\"name\":\"Plans\",\"participants\":[\"" + bob + "\",\"" + carol + "\"]}").statusCode(201)
                .body("role", equalTo("owner")).extract().path("id");
        assertEquals(3, count(db, "select count(*) from participant where conversation_id = '" + id + "'"));
        assertEquals(1, count(db, "select count(*) from participant where conversation_id = '" + id + "' and role = 'owner'"));

        given().auth().oauth2(TestTokens.user(bob)).get(Room.CONVERSATIONS + "/" + id).then().statusCode(200).body("role", equalTo("member"));
        given().auth().oauth2(TestTokens.user()).get(Room.CONVERSATIONS + "/" + id).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("not a participant"));
        as(TestTokens.user(bob)).body("{\"name\":\"Mine\"}").patch(Room.CONVERSATIONS + "/" + id).then().statusCode(403);
        as(aliceToken).body("{\"name\":\"Plans, renamed\"}").patch(Room.CONVERSATIONS + "/" + id).then().statusCode(200);
        given().auth().oauth2(TestTokens.user(carol)).get(Room.CONVERSATIONS + "/" + id + "/participants").then().statusCode(200)
                .body("displayName", hasItems("Bob Dupont", "Carol Nguyen")).body("find { it.participantId == '" + alice + "' }.role",
                        equalTo("owner"));
    }

    @Test
    void unknownDisabledDuplicateOrSelfParticipantsAreRefusedAndNothingIsWritten() throws Exception {
        String gone = TopicWriter.user(kafka, "Disabled Person", false);
        String known = TopicWriter.user(kafka, "Known Person", true);
        Room.awaitKnown(db, gone, known);
        String alice = UUID.randomUUID().toString();
        long before = count(db, "select count(*) from conversation");
        for (String participants : List.of("[\"" + UUID.randomUUID() + "\"]", "[\"" + gone + "\"]",
                "[\"" + known + "\",\"" + known + "\"]", "[\"" + alice + "\"]", "[\"not-a-uuid\"]")) {
            create(TestTokens.user(alice), "{\"name\":\"Nope\",\"participants\":" + participants + "}").statusCode(400)
                    .contentType("application/problem+json");
        }
        assertEquals(before, count(db, "select count(*) from conversation"));
    }

    @Test
    void moderatorsAddPromoteAndRemoveAndEveryChangeIsAnEvent() throws Exception {
        String bob = TopicWriter.user(kafka, "Bob Martin", true);
        String carol = TopicWriter.user(kafka, "Carol Petit", true);
        Room.awaitKnown(db, bob, carol);
        String aliceId = "alice-" + UUID.randomUUID();
        String alice = TestTokens.user(aliceId);
        String id = createId(alice, "{\"name\":\"Crew\"}");
        String participants = Room.CONVERSATIONS + "/" + id + "/participants";

        as(TestTokens.user(bob)).body("{\"users\":[\"" + carol + "\"]}").post(participants).then().statusCode(403);
        as(alice).body("{\"users\":[\"" + bob + "\",\"" + carol + "\"]}").post(participants).then().statusCode(200)
                .body("size()", equalTo(3));
        as(alice).body("{\"users\":[\"" + bob + "\"]}").post(participants).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString(bob));
        // a member may not promote; the owner may
        as(TestTokens.user(bob)).body("{\"role\":\"moderator\"}").patch(participants + "/" + bob).then().statusCode(403);
        as(alice).body("{\"role\":\"moderator\"}").patch(participants + "/" + bob).then().statusCode(200)
                .body("find { it.participantId == '" + bob + "' }.role", equalTo("moderator"));
        // a moderator removes a member, but not the owner
        as(TestTokens.user(bob)).delete(participants + "/" + carol).then().statusCode(204);
        as(TestTokens.user(bob)).delete(participants + "/nobody-" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        as(TestTokens.user(bob)).delete(participants + "/" + aliceId).then().statusCode(403);
        as(alice).body("{\"role\":\"member\"}").patch(participants + "/" + bob).then().statusCode(200);

        assertEquals(List.of(type("created"), type("participant.added"), type("participant.added"), type("participant.added"),
                type("participant.changed"), type("participant.removed"), type("participant.changed")),
                Room.eventTypes(kafka, id, type("participant.changed")).stream().limit(7).toList());
        var removed = Room.events(kafka, id, type("participant.removed")).stream()
                .filter(e -> e.path("type").asText().equals(type("participant.removed"))).findFirst().orElseThrow();
        assertEquals(carol, removed.at("/data/participantId").asText());
        assertEquals("removed", removed.at("/data/reason").asText());
        assertEquals(bob, removed.at("/data/removedBy").asText());
    }

    @Test
    void theLastModeratorHandsOverBeforeLeavingOrSteppingDownAndTheLastUserDeletes() throws Exception {
        String bob = TopicWriter.user(kafka, "Bob Leroy", true);
        Room.awaitKnown(db, bob);
        String aliceId = "alice-" + UUID.randomUUID();
        String alice = TestTokens.user(aliceId);
        String id = createId(alice, "{\"name\":\"Handover\",\"participants\":[\"" + bob + "\"]}");
        String participants = Room.CONVERSATIONS + "/" + id + "/participants";

        as(alice).delete(participants + "/" + aliceId).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("moderator"));
        as(alice).body("{\"role\":\"member\"}").patch(participants + "/" + aliceId).then().statusCode(409);
        as(alice).body("{\"role\":\"moderator\"}").patch(participants + "/" + bob).then().statusCode(200);
        as(alice).delete(participants + "/" + aliceId).then().statusCode(204);
        given().auth().oauth2(alice).get(Room.CONVERSATIONS + "/" + id).then().statusCode(403);
        as(TestTokens.user(bob)).body("{\"role\":\"member\"}").patch(participants + "/" + bob).then().statusCode(409);
        // bob is the last user: leaving deletes the conversation
        as(TestTokens.user(bob)).delete(participants + "/" + bob).then().statusCode(204);
        given().auth().oauth2(TestTokens.user(bob)).get(Room.CONVERSATIONS + "/" + id).then().statusCode(404);
        assertEquals(0, count(db, "select count(*) from participant where conversation_id = '" + id + "'"));
        List<String> types = Room.eventTypes(kafka, id, type("deleted"));
        assertEquals(type("deleted"), types.get(types.size() - 1));
    }

    @Test
    void permissionsFollowTheDefaultsUnlessAParticipantHasTheirOwn() throws Exception {
        String bob = TopicWriter.user(kafka, "Bob Permis", true);
        Room.awaitKnown(db, bob);
        String alice = TestTokens.user();
        String id = createId(alice, "{\"name\":\"Rules\",\"participants\":[\"" + bob + "\"]}");
        String participants = Room.CONVERSATIONS + "/" + id + "/participants";
        String bobsView = "find { it.participantId == '" + bob + "' }";

        as(alice).body("{\"defaultPermissions\":[\"join_call\",\"chat\"]}").patch(Room.CONVERSATIONS + "/" + id).then()
                .statusCode(200).body("defaultPermissions", equalTo(List.of("join_call", "chat")));
        given().auth().oauth2(TestTokens.user(bob)).get(Room.CONVERSATIONS + "/" + id).then()
                .body("permissions", equalTo(List.of("join_call", "chat")));
        as(alice).body("{\"permissions\":[\"join_call\",\"publish_audio\",\"chat\"]}").patch(participants + "/" + bob).then()
                .statusCode(200).body(bobsView + ".permissions", equalTo(List.of("join_call", "publish_audio", "chat")))
                .body(bobsView + ".ownPermissions", equalTo(List.of("join_call", "publish_audio", "chat")));
        as(alice).body("{\"permissions\":[\"fly\"]}").patch(participants + "/" + bob).then().statusCode(400)
                .body("detail", containsString("fly"));
        as(alice).body("{\"defaultPermissions\":true}").patch(participants + "/" + bob).then().statusCode(200)
                .body(bobsView + ".ownPermissions", equalTo(null)).body(bobsView + ".permissions", not(hasItems("publish_audio")));
        // moderators may always do everything
        given().auth().oauth2(alice).get(Room.CONVERSATIONS + "/" + id).then().body("permissions",
                equalTo(List.of("start_call", "join_call", "publish_audio", "publish_video", "share_screen", "chat")));
        // who may start a call narrows start_call further
        as(alice).body("{\"defaultPermissions\":[\"start_call\",\"join_call\",\"chat\"],\"whoMayStartCall\":\"moderators\"}")
                .patch(Room.CONVERSATIONS + "/" + id).then().statusCode(200);
        given().auth().oauth2(TestTokens.user(bob)).get(Room.CONVERSATIONS + "/" + id).then()
                .body("permissions", equalTo(List.of("join_call", "chat")));
    }
}
