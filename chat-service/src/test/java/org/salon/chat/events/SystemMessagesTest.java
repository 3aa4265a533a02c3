package org.salon.chat.events;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/** Every system message from the event that triggers it, once per event, in the conversation's history. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class SystemMessagesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource db;

    final String conversation = UUID.randomUUID().toString();
    final String alice = "alice-" + UUID.randomUUID();
    final String bob = "bob-" + UUID.randomUUID();

    @Test
    void eachEventBecomesItsSystemMessageOnce() throws Exception {
        TopicWriter.conversation(kafka, conversation, alice);
        String added = UUID.randomUUID().toString();
        conversationEvent(added, "participant.added", participant(bob, "member", alice));
        conversationEvent(added, "participant.added", participant(bob, "member", alice)); // redelivered
        conversationEvent(id(), "participant.added", participant("guest-1", "guest", "guest-1"));
        conversationEvent(id(), "participant.changed", changed("moderator", "member", "null"));
        conversationEvent(id(), "participant.changed", changed("moderator", "moderator", "[\"chat\"]"));
        conversationEvent(id(), "participant.changed", changed("member", "moderator", "null"));
        conversationEvent(id(), "guests.allowed", "\"type\":\"public\",\"changedBy\":\"" + alice + "\"");
        conversationEvent(id(), "password.set", "\"changedBy\":\"" + alice + "\"");
        conversationEvent(id(), "password.removed", "\"changedBy\":\"" + alice + "\"");
        conversationEvent(id(), "participant.removed", removed("guest-1", "guest", "guests_disallowed"));
        conversationEvent(id(), "guests.disallowed", "\"type\":\"group\",\"changedBy\":\"" + alice + "\"");
        conversationEvent(id(), "participant.removed", removed(bob, "user", "left"));
        conversationEvent(id(), "renamed", "\"name\":\"Renamed\",\"renamedBy\":\"" + alice + "\"");
        Instant start = Instant.now();
        TopicWriter.send(kafka, "salon.calls", conversation, id(), "org.salon.call.started", conversation, "{\"conversationId\":\""
                + conversation + "\",\"callId\":\"c1\",\"startedBy\":\"" + alice + "\",\"startedAt\":\"" + start + "\"}");
        TopicWriter.send(kafka, "salon.calls", conversation, id(), "org.salon.call.ended", conversation, "{\"conversationId\":\""
                + conversation + "\",\"callId\":\"c1\",\"endedAt\":\"" + start.plusSeconds(95) + "\",\"durationSeconds\":95,"
                + "\"participants\":[\"" + alice + "\",\"" + bob + "\"]}");

        List<String> expected = List.of("conversation_created", "participant_added", "participant_joined", "moderator_promoted",
                "moderator_demoted", "guests_allowed", "password_set", "password_removed", "guests_disallowed", "participant_left");
        awaitSystemMessages(expected.size() + 2);
        // calls come on another topic: their place among the conversation's events is not given
        assertEquals(expected, systemMessages().stream().filter(s -> !s.startsWith("call_")).toList());
        assertEquals(List.of("call_started", "call_ended"), systemMessages().stream().filter(s -> s.startsWith("call_")).toList());
        given().auth().oauth2(TestTokens.user(alice)).get("/api/chat/conversations/" + conversation + "/messages").then().statusCode(200)
                .body("find { it.system == 'call_ended' }.systemData.durationSeconds", equalTo(95))
                .body("find { it.system == 'participant_added' }.systemData.participantId", equalTo(bob))
                .body("find { it.system == 'call_ended' }.body", nullValue());
    }

    @Test
    void aDeletedConversationTakesItsChatAlong() throws Exception {
        TopicWriter.conversation(kafka, conversation, alice);
        given().auth().oauth2(TestTokens.user(alice)).contentType("application/json").body("{\"body\":\"bye\",\"idempotencyKey\":\"b\"}")
                .post("/api/chat/conversations/" + conversation + "/messages").then().statusCode(201);
        conversationEvent(id(), "deleted", "\"deletedBy\":\"" + alice + "\"");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count("select count(*) from message where conversation_id = '" + conversation + "'") > 0) {
            assertTrue(System.nanoTime() < deadline, "the chat goes with the conversation");
            Thread.sleep(100);
        }
        given().auth().oauth2(TestTokens.user(alice)).get("/api/chat/conversations/" + conversation + "/messages").then().statusCode(404);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private String participant(String who, String role, String by) {
        return "\"participantId\":\"" + who + "\",\"kind\":\"" + ("guest".equals(role) ? "guest" : "user") + "\",\"role\":\"" + role
                + "\",\"displayName\":\"" + who + "\",\"addedBy\":\"" + by + "\",\"permissions\":null,\"selfJoined\":false";
    }

    private String changed(String role, String previous, String permissions) {
        return "\"participantId\":\"" + bob + "\",\"role\":\"" + role + "\",\"previousRole\":\"" + previous + "\",\"permissions\":"
                + permissions + ",\"changedBy\":\"" + alice + "\"";
    }

    private String removed(String who, String kind, String reason) {
        return "\"participantId\":\"" + who + "\",\"kind\":\"" + kind + "\",\"reason\":\"" + reason + "\",\"removedBy\":\"" + alice + "\"";
    }

    private void conversationEvent(String eventId, String type, String fields) {
        TopicWriter.send(kafka, "salon.conversations", conversation, eventId, "org.salon.conversation." + type, conversation,
                "{\"conversationId\":\"" + conversation + "\"," + fields + "}");
    }

    private void awaitSystemMessages(int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (systemMessages().size() < n) {
            assertTrue(System.nanoTime() < deadline, "system messages so far: " + systemMessages());
            Thread.sleep(100);
        }
        Thread.sleep(500);
        assertEquals(n, systemMessages().size(), "no more than one per event: " + systemMessages());
    }

    private List<String> systemMessages() throws Exception {
        List<String> all = new ArrayList<>();
        try (var c = db.getConnection(); var s = c.createStatement();
                ResultSet r = s.executeQuery("select system from message where kind = 'system' and conversation_id = '" + conversation
                        + "' order by seq")) {
            while (r.next()) {
                all.add(r.getString(1));
            }
        }
        return all;
    }

    private long count(String sql) throws Exception {
        try (var c = db.getConnection(); var s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
