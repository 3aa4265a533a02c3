package org.salon.room.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.salon.room.api.Room.CONVERSATIONS;
import static org.salon.room.api.Room.as;
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
import io.restassured.response.Response;

/**
 * Each bad request is a clear 4xx problem, and nothing of it is written: the rows are as they were and the
 * conversation's events on the topic are exactly those of the good requests.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "room"))
class BadInputTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource db;

    record Bad(int status, String method, String path, String body) {
    }

    @Test
    void badRequestsAreProblemsAndWriteNothing() throws Exception {
        String bob = TopicWriter.user(kafka, "Bob Bad", true);
        String disabled = TopicWriter.user(kafka, "Dis Abled", false);
        Room.awaitKnown(db, bob, disabled);
        String aliceId = UUID.randomUUID().toString();
        String alice = TestTokens.user(aliceId);
        String id = Room.createId(alice, "{\"name\":\"Solid\",\"participants\":[\"" + bob + "\"]}");
        String snapshot = snapshot(id);
        String c = CONVERSATIONS + "/" + id;

        List<Bad> bad = List.of(
                new Bad(400, "PATCH", c, "{\"name\":\"   \"}"),
                new Bad(400, "PATCH", c, "{\"name\":\"" + "n".repeat(256) + "\"}"),
                new Bad(400, "PATCH", c, "{\"name\":\"bell\\u0007\"}"),
                new Bad(400, "PATCH", c, "{\"name\":\"Fine\",\"description\":\"" + "d".repeat(2001) + "\"}"),
                new Bad(400, "PATCH", c, "{\"whoMayStartCall\":\"nobody\"}"),
                new Bad(400, "PATCH", c, "{\"defaultPermissions\":[\"chat\",\"teleport\"]}"),
                new Bad(400, "PATCH", c, "{\"colour\":\"red\"}"),
                new Bad(400, "PATCH", c, "{\"name\":"),
                new Bad(400, "PATCH", c, "{\"readOnly\":\"maybe\"}"),
                new Bad(400, "POST", c + "/participants", "{\"users\":[\"" + UUID.randomUUID() + "\"]}"),
                new Bad(400, "POST", c + "/participants", "{\"users\":[\"" + disabled + "\"]}"),
                new Bad(409, "POST", c + "/participants", "{\"users\":[\"" + bob + "\"]}"),
                new Bad(400, "POST", c + "/participants", "{\"users\":[]}"),
                new Bad(400, "POST", c + "/participants", "{\"users\":[\"nope\"]}"),
                // a null user and a NUL in a participant id were 500s (a NullPointerException, PostgreSQL's encoding error)
                new Bad(400, "POST", c + "/participants", "{\"users\":[null]}"),
                new Bad(400, "PATCH", c + "/participants/a%00b", "{\"role\":\"moderator\"}"),
                new Bad(400, "GET", CONVERSATIONS + "?search=a%00b", null),
                new Bad(400, "GET", "/api/room/public/a%00b", null),
                new Bad(400, "PUT", c + "/password", "{\"password\":\"not for a group\"}"),
                new Bad(400, "PUT", c + "/lobby", "{}"),
                new Bad(400, "PUT", c + "/lobby", "{\"enabled\":true,\"openAt\":\"tomorrow\"}"),
                new Bad(400, "PUT", c + "/guests", "{\"allowed\":null}"),
                new Bad(400, "PATCH", c + "/participants/" + bob, "{\"role\":\"owner\"}"),
                new Bad(400, "PATCH", c + "/participants/" + bob, "{\"permissions\":[\"chat\"],\"defaultPermissions\":true}"),
                new Bad(404, "PATCH", c + "/participants/nobody", "{\"role\":\"moderator\"}"),
                new Bad(409, "DELETE", c + "/participants/" + aliceId, null),
                new Bad(409, "PATCH", c + "/participants/" + aliceId, "{\"role\":\"member\"}"),
                new Bad(404, "PATCH", CONVERSATIONS + "/" + UUID.randomUUID(), "{\"name\":\"Ghost\"}"),
                new Bad(404, "PATCH", CONVERSATIONS + "/not-a-uuid", "{\"name\":\"Ghost\"}"),
                new Bad(413, "PATCH", c, "{\"description\":\"" + "x".repeat(300_000) + "\"}"));
        for (Bad b : bad) {
            var request = as(alice).urlEncodingEnabled(false); // the paths are written encoded, %00 as NUL
            if (b.body() != null) {
                request.body(b.body());
            }
            Response r = request.request(b.method(), b.path());
            assertEquals(b.status(), r.statusCode(), b.method() + " " + b.path() + " " + abbreviated(b.body()) + ": " + r.asString());
            assertEquals("application/problem+json", r.contentType(), b.method() + " " + b.path());
            assertTrue(r.jsonPath().getString("detail") != null || r.jsonPath().getString("title") != null, "a reason is given");
        }
        as(TestTokens.user(bob)).body("{\"name\":\"Hijacked\"}").patch(c).then().statusCode(403);

        assertEquals(snapshot, snapshot(id), "the conversation and its participants are as they were");
        as(alice).body("{\"name\":\"Solid, still\"}").patch(c).then().statusCode(200);
        assertEquals(List.of(type("created"), type("participant.added"), type("participant.added"), type("renamed")),
                Room.eventTypes(kafka, id, type("renamed")));
    }

    private String snapshot(String id) throws Exception {
        StringBuilder b = new StringBuilder();
        try (var c = db.getConnection(); var s = c.createStatement()) {
            for (String sql : List.of("select * from conversation where id = '" + id + "'",
                    "select * from participant where conversation_id = '" + id + "' order by participant_id")) {
                try (var r = s.executeQuery(sql)) {
                    while (r.next()) {
                        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                            b.append(r.getMetaData().getColumnName(i)).append('=').append(r.getString(i)).append(' ');
                        }
                        b.append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

    private static String abbreviated(String body) {
        return body == null || body.length() < 80 ? body : body.substring(0, 80) + "…";
    }
}
