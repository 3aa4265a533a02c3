package org.salon.room.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.salon.testkit.TestTokens;
import org.salon.testkit.TopicWriter;
import org.salon.testkit.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** What room-service's tests do again and again: call the API as someone, read the database and the topic. */
final class Room {
    static final String CONVERSATIONS = "/api/room/conversations";

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static ValidatableResponse create(String token, String body) {
        return as(token).body(body).post(CONVERSATIONS).then();
    }

    static String createId(String token, String body) {
        return create(token, body).statusCode(201).extract().path("id");
    }

    /** A group conversation and the directory users invited to it. */
    record Group(String id, List<String> members) {
        String member() {
            return members.get(0);
        }
    }

    /** Announces directory users (by display name), waits until room-service knows them, creates a group with them. */
    static Group group(String kafka, AgroalDataSource db, String ownerToken, String name, String... memberNames) throws Exception {
        List<String> members = java.util.Arrays.stream(memberNames).map(n -> TopicWriter.user(kafka, n, true)).toList();
        awaitKnown(db, members.toArray(String[]::new));
        String id = createId(ownerToken, "{\"name\":\"" + name + "\",\"participants\":[\"" + String.join("\",\"", members) + "\"]}");
        return new Group(id, members);
    }

    /** A guest who joined the conversation by its link: their participant row and their token. */
    static String guestOf(AgroalDataSource db, String conversation) throws SQLException {
        String guestId = "guest-" + UUID.randomUUID();
        update(db, "insert into participant (conversation_id, participant_id, kind, role, display_name, joined_at) values ('"
                + conversation + "', '" + guestId + "', 'guest', 'guest', 'Gaston', now())");
        return TestTokens.guest(conversation, guestId);
    }

    static long count(AgroalDataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static void update(AgroalDataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    /** Waits until room-service knows these users from salon.users. */
    static void awaitKnown(AgroalDataSource db, String... ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count(db, "select count(*) from directory_user where id in ('" + String.join("','", ids) + "')") < ids.length) {
            assertTrue(System.nanoTime() < deadline, "room-service learns the users from salon.users");
            Thread.sleep(100);
        }
    }

    /** Waits until the database answers {@code expected} to {@code sql} (events are applied asynchronously). */
    static void awaitCount(AgroalDataSource db, String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count(db, sql) != expected) {
            assertTrue(System.nanoTime() < deadline, "waited for " + expected + ": " + sql);
            Thread.sleep(100);
        }
    }

    /**
     * The types of the conversation's events on salon.conversations, read until one of type {@code last} arrives: since
     * the outbox keeps a conversation's order, anything a refused request had written would show up before it.
     */
    static List<String> eventTypes(String kafka, String conversation, String last) {
        return events(kafka, conversation, last).stream().map(e -> e.path("type").asText()).toList();
    }

    static List<JsonNode> events(String kafka, String conversation, String last) {
        try (TopicReader topic = new TopicReader(kafka, "salon.conversations")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<JsonNode> mine;
            do {
                mine = topic.awaitEvents(e -> conversation.equals(e.path("subject").asText()), 1, Duration.ofMillis(300));
            } while (mine.stream().noneMatch(e -> last.equals(e.path("type").asText())) && System.nanoTime() < deadline);
            return mine;
        }
    }

    static String type(String shortName) {
        return "org.salon.conversation." + shortName;
    }

    private Room() {
    }
}
