package org.salon.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.salon.testkit.Launcher;
import org.salon.testkit.SignalingClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;

/**
 * Chat and calls through the whole stack with two signaling-service instances: every message reaches a client on
 * each instance once and in order, a client that was away catches up without gaps or duplicates, typing crosses
 * instances, and a call with one client on each instance is seen by room-service's list and chat's history.
 */
class ChatDeliveryIT {
    static Launcher stack;
    static String gateway;
    static String alice;
    static String bob;
    static String bobId;
    /** Each test its own conversation, so that nothing of another test's arrives late in it. */
    String conversation;

    @BeforeAll
    static void start() {
        stack = new Launcher("salon-chat-").set("SALON_SKIP_BUILD", "1").freeStackPorts()
                .set("SALON_SIGNALING_EXTRA_PORTS", String.valueOf(Launcher.freePort()))
                // the posting rate is chat-service's own concern (ChatFeaturesTest); here one sender posts a lot
                .set("SALON_CHAT_RATE_BURST", "1000");
        gateway = "http://127.0.0.1:" + stack.get("SALON_GATEWAY_PORT");
        stack.require(300, "start");
        alice = login("alice");
        bob = login("bob");
        bobId = given().auth().oauth2(bob).get(gateway + "/api/auth/me").then().statusCode(200).extract().path("user.id");
    }

    @org.junit.jupiter.api.BeforeEach
    void conversationOfAliceAndBob() {
        conversation = given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body("{\"name\":\"Two instances\",\"participants\":[\"" + bobId + "\"]}").post(gateway + "/api/room/conversations")
                .then().statusCode(201).extract().path("id");
    }

    @AfterAll
    static void stop() {
        stack.require(120, "stop");
    }

    static String login(String user) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("client_id", "salon-web")
                .formParam("username", user).formParam("password", stack.secret("demo-password"))
                .post(gateway + "/api/auth/token").then().statusCode(200).extract().path("access_token");
    }

    /** A client of one instance, directly (the gateway would pick either). */
    static SignalingClient client(String port, String token) {
        return new SignalingClient(URI.create("ws://127.0.0.1:" + port + "/ws"), token);
    }

    /** Alice on the first instance and Bob on the second, both in the test's conversation. */
    record OnBothInstances(SignalingClient a, SignalingClient b) implements AutoCloseable {
        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    OnBothInstances onBothInstances() {
        SignalingClient a = client(stack.get("SALON_SIGNALING_PORT"), alice);
        SignalingClient b = client(stack.get("SALON_SIGNALING_EXTRA_PORTS"), bob);
        assertNotEquals(a.hello().path("instance").asText(), b.hello().path("instance").asText());
        a.join(conversation);
        b.join(conversation);
        return new OnBothInstances(a, b);
    }

    @Test
    void everyMessageReachesClientsOnBothInstancesOnceAndInOrder() {
        try (OnBothInstances both = onBothInstances()) {
            SignalingClient a = both.a();
            SignalingClient b = both.b();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(post("m" + i, "order-" + i));
            }
            assertEquals(ids.get(39), post("m39", "order-39"), "a retry is the same message");
            for (SignalingClient c : List.of(a, b)) {
                List<JsonNode> received = comments(c, 40);
                assertEquals(ids, received.stream().map(f -> f.at("/event/data/messageId").asLong()).toList(), "once each, in order");
                List<Long> seqs = received.stream().map(f -> f.at("/event/data/seq").asLong()).toList();
                for (int i = 1; i < seqs.size(); i++) {
                    assertTrue(seqs.get(i - 1) < seqs.get(i), "in seq order: " + seqs);
                }
                assertTrue(c.drain(Duration.ofSeconds(1)).stream().noneMatch(isComment()), "and nothing twice");
            }
            // no gap: the history numbers every message, system messages included, 1, 2, 3...
            List<Long> all = new ArrayList<>();
            org.salon.testkit.TopicReader.parse(given().auth().oauth2(bob).queryParam("limit", 200)
                    .get(gateway + "/api/chat/conversations/" + conversation + "/messages").then().statusCode(200).extract().asString())
                    .forEach(m -> all.add(0, m.path("seq").asLong()));
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i + 1, all.get(i), "seqs without gaps: " + all);
            }
        }
    }

    @Test
    void aClientThatWasAwayCatchesUpWithoutGapsOrDuplicates() {
        Map<Long, String> seen = new LinkedHashMap<>();
        try (SignalingClient b = client(stack.get("SALON_SIGNALING_EXTRA_PORTS"), bob)) {
            b.hello();
            b.join(conversation);
            for (int i = 0; i < 10; i++) {
                post("before " + i, "away-a" + i);
            }
            comments(b, 10).forEach(f -> seen.put(f.at("/event/data/messageId").asLong(), f.at("/event/data/body").asText()));
        }
        List<Long> missed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            missed.add(post("while away " + i, "away-b" + i));
        }
        try (SignalingClient b = client(stack.get("SALON_SIGNALING_EXTRA_PORTS"), bob)) {
            b.hello();
            b.join(conversation);
            long last = seen.keySet().stream().reduce((x, y) -> y).orElseThrow();
            List<JsonNode> history = new ArrayList<>();
            org.salon.testkit.TopicReader.parse(given().auth().oauth2(bob).queryParam("after", last).queryParam("limit", 200)
                    .get(gateway + "/api/chat/conversations/" + conversation + "/messages").then().statusCode(200).extract().asString())
                    .forEach(m -> {
                        if ("comment".equals(m.path("kind").asText())) {
                            history.add(m);
                        }
                    });
            assertEquals(missed, history.stream().map(m -> m.path("id").asLong()).toList(), "exactly what was missed, in order");
            history.forEach(m -> seen.put(m.path("id").asLong(), m.path("body").asText()));
            long after = post("back again", "away-c");
            JsonNode live = b.await(f -> isComment().test(f) && f.at("/event/data/messageId").asLong() == after, Duration.ofSeconds(15));
            seen.put(after, live.at("/event/data/body").asText());
        }
        assertEquals(21, seen.size());
        assertEquals("before 0", seen.values().iterator().next());
        assertEquals("back again", new ArrayList<>(seen.values()).get(20));
    }

    @Test
    void typingCrossesInstances() {
        try (OnBothInstances both = onBothInstances()) {
            SignalingClient a = both.a();
            SignalingClient b = both.b();
            a.send("{\"type\":\"typing\",\"conversation\":\"" + conversation + "\",\"typing\":true}");
            JsonNode typing = b.await(f -> "typing".equals(f.path("type").asText()), Duration.ofSeconds(10));
            assertEquals(conversation, typing.path("conversation").asText());
            assertEquals(given().auth().oauth2(alice).get(gateway + "/api/auth/me").then().extract().path("user.id"),
                    typing.path("participant").asText());
            assertTrue(typing.path("typing").asBoolean());
        }
    }

    @Test
    void aCallWithAClientOnEachInstanceIsSeenInTheListAndTheHistory() {
        try (OnBothInstances both = onBothInstances()) {
            SignalingClient a = both.a();
            SignalingClient b = both.b();
            a.send("{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true,\"video\":true}");
            assertEquals(1, a.await(f -> "call".equals(f.path("type").asText()), Duration.ofSeconds(10)).path("participants").size());
            b.await(f -> "org.salon.call.started".equals(f.at("/event/type").asText()), Duration.ofSeconds(15));
            awaitList(bob, true);
            b.send("{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true,\"video\":false}");
            assertEquals(2, b.await(f -> "call".equals(f.path("type").asText()), Duration.ofSeconds(10)).path("participants").size());
            a.await(f -> "org.salon.call.presence".equals(f.at("/event/type").asText()) && f.at("/event/data/inCall").asBoolean()
                    && bobId.equals(f.at("/event/data/participantId").asText()) && f.at("/event/data/audio").asBoolean() && !f.at("/event/data/video").asBoolean(), Duration.ofSeconds(15));
            b.send("{\"type\":\"call-leave\",\"conversation\":\"" + conversation + "\"}");
            a.send("{\"type\":\"call-leave\",\"conversation\":\"" + conversation + "\"}");
            JsonNode ended = b.await(f -> "org.salon.call.ended".equals(f.at("/event/type").asText()), Duration.ofSeconds(15));
            assertEquals(2, ended.at("/event/data/participants").size());
            awaitList(bob, false);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> system;
        do {
            system = org.salon.testkit.TopicReader.parse(given().auth().oauth2(bob).get(gateway + "/api/chat/conversations/" + conversation
                    + "/messages").then().statusCode(200).extract().asString()).findValuesAsText("system");
        } while (!system.contains("call_ended") && System.nanoTime() < deadline);
        assertTrue(system.contains("call_started") && system.contains("call_ended"), system.toString());
    }

    @Test
    void aClientDroppedOnOneInstanceResumesOnTheOtherWithItsCallAndTheMessagesItMissed() {
        try (SignalingClient b = client(stack.get("SALON_SIGNALING_EXTRA_PORTS"), bob)) {
            b.hello();
            b.join(conversation);
            SignalingClient a = client(stack.get("SALON_SIGNALING_PORT"), alice);
            JsonNode first = a.hello();
            String session = first.path("session").asText();
            a.join(conversation);
            a.send("{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true,\"video\":true}");
            a.await(f -> "call".equals(f.path("type").asText()), Duration.ofSeconds(10));
            List<Long> before = List.of(post("before", "resume-before"));
            assertEquals(before, comments(a, 1).stream().map(f -> f.at("/event/data/messageId").asLong()).toList());
            a.abort();
            List<Long> missed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                missed.add(post("missed " + i, "resume-missed-" + i));
            }
            comments(b, 6);
            try (SignalingClient back = client(stack.get("SALON_SIGNALING_EXTRA_PORTS"), alice)) {
                JsonNode welcome = back.resume(session, a.lastSeq());
                assertTrue(welcome.path("resumed").asBoolean(), welcome.toString());
                assertNotEquals(first.path("instance").asText(), welcome.path("instance").asText(), "the other instance");
                assertEquals(missed, comments(back, 5).stream().map(f -> f.at("/event/data/messageId").asLong()).toList(),
                        "every missed message, in order");
                assertTrue(back.drain(Duration.ofSeconds(1)).stream().noneMatch(isComment()), "and none twice");
                // still in the call, which now runs through the second instance
                b.send("{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":false,\"video\":false}");
                assertEquals(2, b.await(f -> "call".equals(f.path("type").asText()), Duration.ofSeconds(10)).path("participants").size());
                awaitList(bob, true);
            }
        }
    }

    @Test
    void aClientWhoseInstanceDiesResumesOnTheOtherWithItsCallAndTheMessages() throws InterruptedException {
        try (SignalingClient b = client(stack.get("SALON_SIGNALING_EXTRA_PORTS"), bob)) {
            b.hello();
            b.join(conversation);
            SignalingClient a = client(stack.get("SALON_SIGNALING_PORT"), alice);
            String session = a.hello().path("session").asText();
            a.join(conversation);
            a.send("{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true,\"video\":false}");
            a.await(f -> "call".equals(f.path("type").asText()), Duration.ofSeconds(10));
            post("before the crash", "crash-before");
            comments(a, 1);
            Thread.sleep(2500); // a heartbeat of the instance records how far it got
            stack.require(60, "component", "kill", "signaling-service"); // kill -9: no goodbye, nothing saved
            try {
                List<Long> missed = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    missed.add(post("while it was down " + i, "crash-missed-" + i));
                }
                comments(b, 4);
                // the dead instance's sessions can be taken over once it has been silent for 10 s
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (true) {
                    try (SignalingClient back = client(stack.get("SALON_SIGNALING_EXTRA_PORTS"), alice)) {
                        JsonNode welcome = back.resume(session, a.lastSeq());
                        if (welcome.path("resumed").asBoolean()) {
                            // events since the instance's last heartbeat come again: ones the client had are dropped by id
                            List<Long> received = new ArrayList<>();
                            for (JsonNode f : back.drain(Duration.ofSeconds(3))) {
                                long id = f.at("/event/data/messageId").asLong();
                                if (isComment().test(f) && !received.contains(id)) {
                                    received.add(id);
                                }
                            }
                            assertTrue(received.containsAll(missed), "every missed message: " + received + " " + missed);
                            assertTrue(received.indexOf(missed.get(0)) < received.indexOf(missed.get(1))
                                    && received.indexOf(missed.get(1)) < received.indexOf(missed.get(2)), "in order");
                            b.send("{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}");
                            JsonNode joined = b.await(f -> "joined".equals(f.path("type").asText()), Duration.ofSeconds(10));
                            assertEquals(1, joined.at("/call/participants").size(), "alice is still in the call: " + joined);
                            return;
                        }
                    }
                    assertTrue(System.nanoTime() < deadline, "resumed once the instance counts as dead");
                    Thread.sleep(1000);
                }
            } finally {
                stack.require(120, "component", "start", "signaling-service");
                awaitJoinable(stack.get("SALON_SIGNALING_PORT"));
            }
        }
    }

    /** Waits until an instance (just restarted) lets alice join the test's conversation. */
    void awaitJoinable(String port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (SignalingClient c = client(port, alice)) {
                c.hello();
                c.send("{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}");
                if ("joined".equals(c.await(f -> "joined".equals(f.path("type").asText()) || "error".equals(f.path("type").asText()),
                        Duration.ofSeconds(10)).path("type").asText())) {
                    return;
                }
            }
            assertTrue(System.nanoTime() < deadline, "the restarted instance serves the conversation");
            Thread.sleep(500);
        }
    }

    /** Waits until room-service's list shows the conversation's call running (or not). */
    void awaitList(String token, boolean running) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!given().auth().oauth2(token).get(gateway + "/api/room/conversations/" + conversation).then().statusCode(200)
                .extract().jsonPath().getBoolean("call.running") == running) {
            assertTrue(System.nanoTime() < deadline, "room-service shows the call " + (running ? "running" : "ended"));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    long post(String body, String key) {
        return given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body("{\"body\":\"" + body + "\",\"idempotencyKey\":\"" + key + "\"}")
                .post(gateway + "/api/chat/conversations/" + conversation + "/messages").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                .extract().jsonPath().getLong("id");
    }

    static Predicate<JsonNode> isComment() {
        return f -> "org.salon.chat.message.posted".equals(f.at("/event/type").asText()) && "comment".equals(f.at("/event/data/kind").asText());
    }

    /** The next n posted comments this client receives. */
    static List<JsonNode> comments(SignalingClient c, int n) {
        List<JsonNode> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(c.await(isComment(), Duration.ofSeconds(20)));
        }
        return all;
    }
}
