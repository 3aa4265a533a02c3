package org.salon.room.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.salon.testkit.Infrastructure;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The broker dies: writes still succeed, and their events reach Kafka when it returns, once each. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "room"))
class KafkaOutageTest {
    static final String USER = org.salon.testkit.TestTokens.user();

    @Inject
    AgroalDataSource db;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void eventsWrittenWhileKafkaIsDownArePublishedExactlyOnceWhenItReturns() throws Exception {
        Infrastructure infra = Infrastructure.shared();
        infra.kill("kafka");
        try {
            String id = given().auth().oauth2(USER).contentType(ContentType.JSON).body("{\"name\":\"During the outage\"}")
                    .post("/api/room/conversations").then().statusCode(201).extract().path("id");
            given().auth().oauth2(USER).contentType(ContentType.JSON).body("{\"name\":\"Still during the outage\"}")
                    .patch("/api/room/conversations/" + id).then().statusCode(200);
            assertEquals(3, outboxRowsFor(id), "created, owner added and renamed wait in the outbox");
            awaitReadiness(503);

            infra.start("kafka");
            awaitReadiness(200);
            try (TopicReader topic = new TopicReader(kafka, "salon.conversations")) {
                List<JsonNode> events = topic.awaitEvents(e -> id.equals(e.path("subject").asText()), 3, Duration.ofSeconds(30));
                // a retried batch may repeat a record; consumers drop it by id, so count distinct ids
                Set<String> ids = events.stream().map(e -> e.path("id").asText()).collect(Collectors.toSet());
                assertEquals(3, ids.size());
                assertEquals(List.of("org.salon.conversation.created", "org.salon.conversation.participant.added",
                        "org.salon.conversation.renamed"), events.stream().map(e -> e.path("type").asText()).distinct().toList());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (outboxRowsFor(id) > 0) {
                assertTrue(System.nanoTime() < deadline, "outbox emptied after publication");
                Thread.sleep(50);
            }
        } finally {
            infra.start("kafka");
        }
    }

    private long outboxRowsFor(String id) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from outbox where message_key = '" + id + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void awaitReadiness(int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (given().get("/q/health/ready").statusCode() != status) {
            assertTrue(System.nanoTime() < deadline, "readiness becomes " + status);
            Thread.sleep(200);
        }
    }
}
