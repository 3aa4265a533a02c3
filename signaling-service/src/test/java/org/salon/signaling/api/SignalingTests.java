package org.salon.signaling.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.salon.testkit.SignalingClient;
import org.salon.testkit.TestTokens;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;

/** What the tests of the signaling endpoint share: where it is, Kafka, waiting until it is ready, asking it. */
abstract class SignalingTests {

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @BeforeEach
    void ready() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (given().get("/q/health/ready").statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "ready (Kafka consumers assigned)");
            Thread.sleep(100);
        }
    }

    URI wsUri() {
        return URI.create(ws.toString().replaceFirst("^http", "ws"));
    }

    /** A user's connection, not yet said hello. */
    SignalingClient opened(String user) {
        return new SignalingClient(wsUri(), TestTokens.user(user));
    }

    /** Sends a frame and returns the next frame of the answer's type. */
    static JsonNode request(SignalingClient c, String frame, String answerType) {
        c.send(frame);
        return c.await(f -> answerType.equals(f.path("type").asText()), Duration.ofSeconds(10));
    }

    /** Sends a frame and returns the code of the error frame it gets. */
    static String error(SignalingClient c, String frame) {
        return request(c, frame, "error").path("code").asText();
    }
}
