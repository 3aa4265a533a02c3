package org.salon.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.salon.testkit.Launcher;
import org.salon.testkit.SignalingClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.restassured.http.ContentType;

/**
 * The architecture end to end: a request through the gateway to room-service writes a row and its outbox
 * entry in one transaction; the relay publishes a CloudEvent to Kafka; signaling-service consumes it and
 * pushes it to a WebSocket client connected through the gateway. Also the launcher's promises.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {
    static Launcher stack;
    static String gateway;
    static String conversation;
    static String alice;

    @BeforeAll
    static void start() {
        stack = new Launcher("salon-stack-").set("SALON_SKIP_BUILD", "1").freeStackPorts();
        gateway = "http://127.0.0.1:" + stack.get("SALON_GATEWAY_PORT");
        Launcher.Result started = stack.require(300, "start");
        assertTrue(started.output().contains("Salon is ready: " + gateway), started.output());
        assertTrue(started.output().contains("Demo login: alice / " + stack.secret("demo-password")), started.output());
        alice = login("alice");
    }

    static String login(String user) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("client_id", "salon-web")
                .formParam("username", user).formParam("password", stack.secret("demo-password"))
                .post(gateway + "/api/auth/token").then().statusCode(200).extract().path("access_token");
    }

    @AfterAll
    static void stop() {
        stopAndCheckNothingIsLeft();
    }

    @Test
    @Order(1)
    void aChangeThroughTheGatewayReachesAWebSocketClientThroughTheGateway() throws Exception {
        conversation = given().auth().oauth2(alice).contentType(ContentType.JSON).body("{\"name\":\"Skeleton\"}")
                .post(gateway + "/api/room/conversations").then().statusCode(201).extract().path("id");
        try (SignalingClient client = new SignalingClient(URI.create(gateway.replace("http", "ws") + "/ws"), alice)) {
            client.hello();
            client.join(conversation);
            given().auth().oauth2(alice).contentType(ContentType.JSON).body("{\"name\":\"Skeleton, renamed\"}")
                    .patch(gateway + "/api/room/conversations/" + conversation).then().statusCode(200);
            // the "created" event may arrive too if the client joined before it was relayed: wait for the rename
            JsonNode frame = client.await(f -> "event".equals(f.path("type").asText())
                    && "org.salon.conversation.renamed".equals(f.at("/event/type").asText()), Duration.ofSeconds(10));
            assertEquals(conversation, frame.path("conversation").asText());
            JsonNode event = frame.path("event");
            assertEquals("org.salon.conversation.renamed", event.path("type").asText());
            assertEquals("1.0", event.path("specversion").asText());
            assertEquals("Skeleton, renamed", event.at("/data/name").asText());
        }
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.get("SALON_PG_PORT") + "/salon_room",
                "salon_room", stack.secret("db-room-password")); Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("select name from conversation where id = '" + conversation + "'")) {
                assertTrue(r.next());
                assertEquals("Skeleton, renamed", r.getString(1));
            }
            try (ResultSet r = s.executeQuery("select count(*) from outbox")) {
                r.next();
                assertEquals(0, r.getLong(1), "the relay published and cleared the outbox");
            }
        }
    }

    @Test
    @Order(2)
    void aUserLogsInSearchesTheDirectoryAndAnotherServiceTrustsTheToken() {
        String bob = login("bob");
        given().auth().oauth2(bob).queryParam("search", "élo").get(gateway + "/api/auth/users").then().statusCode(200)
                .body("users.login", org.hamcrest.Matchers.hasItem("carol"));
        // alice picks bob from the directory; room-service knows him from auth-service's events
        String bobId = given().auth().oauth2(alice).queryParam("search", "bob").get(gateway + "/api/auth/users").then()
                .statusCode(200).extract().path("users.find { it.login == 'bob' }.id");
        String shared = given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body("{\"name\":\"With Bob\",\"participants\":[\"" + bobId + "\"]}").post(gateway + "/api/room/conversations")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(bob).get(gateway + "/api/room/conversations/" + shared).then().statusCode(200);
        given().auth().oauth2(bob).get(gateway + "/api/room/conversations").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(shared));
        given().auth().oauth2(bob).get(gateway + "/api/room/conversations/" + conversation).then().statusCode(403);
        String[] parts = bob.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        given().auth().oauth2(tampered).get(gateway + "/api/room/conversations/" + conversation).then().statusCode(401)
                .contentType("application/problem+json");
        given().get(gateway + "/api/room/conversations/" + conversation).then().statusCode(401);
    }

    @Test
    @Order(2)
    void aDisabledAccountIsOutEverywhereWithinSeconds() throws Exception {
        String login = "frank" + System.nanoTime() % 100_000;
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body("{\"login\":\"" + login + "\",\"displayName\":\"Frank\",\"password\":\"a-good-password\"}")
                .post(gateway + "/api/auth/admin/users").then().statusCode(201);
        String frank = given().contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("client_id", "salon-web")
                .formParam("username", login).formParam("password", "a-good-password").post(gateway + "/api/auth/token").then()
                .statusCode(200).extract().path("access_token");
        String id = given().auth().oauth2(frank).get(gateway + "/api/auth/me").then().statusCode(200).extract().path("id");
        String own = given().auth().oauth2(frank).contentType(ContentType.JSON).body("{\"name\":\"Frank's\"}")
                .post(gateway + "/api/room/conversations").then().statusCode(201).extract().path("id");
        try (SignalingClient socket = new SignalingClient(URI.create(gateway.replace("http", "ws") + "/ws"), frank)) {
            socket.hello();
            given().auth().oauth2(alice).contentType(ContentType.JSON).body("{\"enabled\":false}")
                    .patch(gateway + "/api/auth/admin/users/" + id).then().statusCode(200);
            assertEquals(4403, socket.awaitClose(Duration.ofSeconds(10)), "the open socket closes");
        }
        // the token is still unexpired: auth-service, which made the change, refuses it at once; the others as soon as
        // the event reaches them (signaling already did: the socket closed)
        given().auth().oauth2(frank).get(gateway + "/api/auth/me").then().statusCode(401).contentType("application/problem+json");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (String url : List.of(gateway + "/api/room/conversations/" + own, gateway + "/api/chat/conversations/" + own + "/messages",
                "http://127.0.0.1:" + stack.get("SALON_MEDIA_PORT") + "/api/media/nodes")) {
            while (given().auth().oauth2(frank).get(url).statusCode() != 401) {
                assertTrue(System.nanoTime() < deadline, "refused within 5 s: " + url);
                Thread.sleep(50);
            }
            given().auth().oauth2(frank).get(url).then().statusCode(401).contentType("application/problem+json");
        }
        assertThrows(java.util.concurrent.CompletionException.class,
                () -> new SignalingClient(URI.create(gateway.replace("http", "ws") + "/ws"), frank), "no new socket either");
    }

    @Test
    @Order(2)
    void aGuestEntersByLinkAndPasswordAndReachesOnlyThatConversation() throws Exception {
        var created = given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body("{\"name\":\"Open day\",\"type\":\"public\",\"password\":\"let me in\"}")
                .post(gateway + "/api/room/conversations").then().statusCode(201).extract();
        String open = created.path("id");
        String link = created.path("link");
        given().get(gateway + "/api/room/public/" + link).then().statusCode(200).body("passwordRequired", equalTo(true));
        given().contentType(ContentType.JSON).body("{\"displayName\":\"Gaston\",\"password\":\"guess\"}")
                .post(gateway + "/api/room/public/" + link + "/join").then().statusCode(403).contentType("application/problem+json");
        String guest = given().contentType(ContentType.JSON).body("{\"displayName\":\" Gaston \",\"password\":\"let me in\"}")
                .post(gateway + "/api/room/public/" + link + "/join").then().statusCode(200)
                .body("conversation", equalTo(open)).body("displayName", equalTo("Gaston")).extract().path("token");

        given().auth().oauth2(guest).get(gateway + "/api/room/conversations/" + open).then().statusCode(200);
        given().auth().oauth2(guest).contentType(ContentType.JSON).body("{\"body\":\"Bonjour\",\"idempotencyKey\":\"g-1\"}")
                .post(gateway + "/api/chat/conversations/" + open + "/messages").then().statusCode(201)
                .body("authorName", equalTo("Gaston"));
        given().auth().oauth2(guest).get(gateway + "/api/room/conversations/" + conversation).then().statusCode(403);
        given().auth().oauth2(guest).get(gateway + "/api/chat/conversations/" + conversation + "/messages").then().statusCode(403);
        given().auth().oauth2(guest).get(gateway + "/api/auth/users").then().statusCode(403);
        try (SignalingClient client = new SignalingClient(URI.create(gateway.replace("http", "ws") + "/ws"), guest)) {
            client.hello();
            client.join(open);
            client.send("{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}");
            assertEquals("forbidden", client.await(f -> "error".equals(f.path("type").asText()), Duration.ofSeconds(5))
                    .path("code").asText());

            // alice stops allowing guests: the guest's token stops working and their live connection closes
            given().auth().oauth2(alice).contentType(ContentType.JSON).body("{\"allowed\":false}")
                    .put(gateway + "/api/room/conversations/" + open + "/guests").then().statusCode(200);
            assertEquals(4403, client.awaitClose(Duration.ofSeconds(20)));
        }
        given().auth().oauth2(guest).get(gateway + "/api/room/conversations/" + open).then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"displayName\":\"Gaston\"}")
                .post(gateway + "/api/room/public/" + link + "/join").then().statusCode(404);
    }

    @Test
    @Order(2)
    void theGatewayServesTheWebClientAndAnswersProblems() {
        given().get(gateway + "/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<div id=\"app\">"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Content-Type-Options", "nosniff");
        given().get(gateway + "/api/nowhere/at/all").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        // media-gateway's node administration and Janus's APIs are never reachable through the gateway
        given().auth().oauth2(alice).get(gateway + "/api/media/nodes").then().statusCode(404).contentType("application/problem+json");
        given().body("{\"janus\":\"info\"}").post(gateway + "/janus").then().statusCode(not(equalTo(200)));
        given().body("{\"janus\":\"info\"}").post(gateway + "/admin").then().statusCode(not(equalTo(200)));
        given().auth().oauth2(alice).contentType(ContentType.JSON).body("{\"name\": ").post(gateway + "/api/room/conversations")
                .then().statusCode(400).contentType("application/problem+json").body("detail", not(containsString("Exception")));
        given().get(gateway + "/q/health").then().body(not(containsString("checks")));
    }

    @Test
    @Order(2)
    void everyProbeOfTheKubernetesManifestsAnswersOnTheRunningService() throws IOException {
        Path services = Path.of(System.getProperty("salon.root", "..")).resolve("k8s/base/services");
        Map<String, String> ports = Map.of("auth-service", "SALON_AUTH_PORT", "room-service", "SALON_ROOM_PORT",
                "chat-service", "SALON_CHAT_PORT", "signaling-service", "SALON_SIGNALING_PORT", "media-gateway", "SALON_MEDIA_PORT");
        int probed = 0;
        for (Map.Entry<String, String> service : ports.entrySet()) {
            try (MappingIterator<JsonNode> objects = new YAMLMapper().readerFor(JsonNode.class)
                    .readValues(services.resolve(service.getKey() + ".yaml").toFile())) {
                for (JsonNode object : objects.readAll()) {
                    for (JsonNode container : object.path("spec").path("template").path("spec").path("containers")) {
                        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                            String path = container.path(probe).path("httpGet").path("path").asText();
                            given().get("http://127.0.0.1:" + stack.get(service.getValue()) + path).then()
                                    .statusCode(200).body("status", equalTo("UP"));
                            probed++;
                        }
                    }
                }
            }
        }
        assertEquals(15, probed, "three probes of each of the five services");
    }

    @Test
    @Order(3)
    void aSecondStartSaysItIsRunningAndATakenPortIsNamed() throws IOException {
        Launcher.Result again = stack.run(Map.of(), 60, "start");
        assertNotEquals(0, again.exitCode());
        assertTrue(again.output().contains("already running"), again.output());

        Launcher other = new Launcher("salon-other-").freeStackPorts();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            other.set("SALON_ROOM_PORT", String.valueOf(taken.getLocalPort())).set("SALON_SKIP_BUILD", "1");
            Launcher.Result refused = other.run(Map.of(), 60, "start");
            assertNotEquals(0, refused.exitCode());
            assertTrue(refused.output().contains("port " + taken.getLocalPort() + " (room-service) is already in use"),
                    refused.output());
        }
        assertTrue(Files.notExists(other.home().resolve("run/postgres.pid")), "it failed before starting anything");
    }

    @Test
    @Order(4)
    void dataSurvivesARestart() {
        stopAndCheckNothingIsLeft();
        stack.require(300, "start");
        given().auth().oauth2(login("alice")).get(gateway + "/api/room/conversations/" + conversation).then().statusCode(200)
                .body("name", equalTo("Skeleton, renamed"));
    }

    /** Stops the stack and checks that every process it had started, with their children, is gone. */
    static void stopAndCheckNothingIsLeft() {
        List<String> started = processTree(launcherPids());
        assertFalse(started.isEmpty(), "the stack was running");
        stack.require(120, "stop");
        List<String> left = started.stream().filter(pid -> Files.exists(Path.of("/proc", pid))).toList();
        assertTrue(left.isEmpty(), "stop leaves no process behind, yet these live: " + left);
    }

    /** The pids in the launcher's run folder. */
    static List<String> launcherPids() {
        try (Stream<Path> files = Files.list(stack.home().resolve("run"))) {
            return files.filter(f -> f.toString().endsWith(".pid")).map(WalkingSkeletonIT::read)
                    .filter(pid -> pid.matches("\\d+")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The given processes and all their descendants (nginx's workers, a JVM's children). */
    static List<String> processTree(List<String> roots) {
        Map<String, String> parentOf = new java.util.HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                String stat = read(p.resolve("stat"));
                int close = stat.lastIndexOf(')');
                if (close > 0) {
                    parentOf.put(p.getFileName().toString(), stat.substring(close + 2).split(" ")[1]);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        java.util.Set<String> tree = new java.util.LinkedHashSet<>(roots);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (var e : parentOf.entrySet()) {
                if (tree.contains(e.getValue()) && tree.add(e.getKey())) {
                    grew = true;
                }
            }
        }
        return List.copyOf(tree);
    }

    static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
