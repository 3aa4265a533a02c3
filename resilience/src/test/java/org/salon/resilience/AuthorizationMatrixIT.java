package org.salon.resilience;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.salon.testkit.SignalingClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.jwt.build.Jwt;

/**
 * Every REST operation of the services' OpenAPI documents and every client frame of the signaling protocol, sent by
 * each kind of caller: the answer each gets is written in src/test/resources/authorization-matrix.tsv, and any
 * difference fails. A new operation or frame type without a row fails too. A guest of one conversation must never
 * read anything of another one: every answer a guest gets is searched for the other conversation's id, name and link.
 * {@code -Dsalon.matrix.record=true} writes the table from what the suite answers now, to be read and judged row by
 * row before it is committed.
 */
@Order(4)
class AuthorizationMatrixIT {
    static final List<String> ROLES = List.of("anonymous", "guestA", "guestB", "memberA", "nonMember", "moderatorA", "ownerA", "admin",
            "disabled", "expired");
    private static final Path TABLE = Path.of("src/test/resources/authorization-matrix.tsv");
    /** Answers that change nothing: the caller needs no conversation of its own for them. */
    private static final Set<String> ERRORS = Set.of("401", "forbidden", "not_joined");
    private static final Pattern CLIENT_FRAME = Pattern.compile("^### `([a-z-]+)`", Pattern.MULTILINE);

    /** What each client frame needs sent before it (beyond hello), and the frame itself; %1$s is the conversation. */
    private static final Map<String, List<String>> FRAMES = new LinkedHashMap<>();
    private static final String JOIN = "{\"type\":\"join\",\"conversation\":\"%1$s\"}";
    private static final String CALL_JOIN = "{\"type\":\"call-join\",\"conversation\":\"%1$s\",\"audio\":false,\"video\":false}";
    static {
        FRAMES.put("hello", List.of());
        FRAMES.put("ping", List.of("{\"type\":\"ping\"}"));
        FRAMES.put("join", List.of(JOIN));
        FRAMES.put("leave", List.of(JOIN, "{\"type\":\"leave\",\"conversation\":\"%1$s\"}"));
        FRAMES.put("typing", List.of(JOIN, "{\"type\":\"typing\",\"conversation\":\"%1$s\",\"typing\":true}"));
        FRAMES.put("speaking", List.of(JOIN, CALL_JOIN, "{\"type\":\"speaking\",\"conversation\":\"%1$s\",\"speaking\":true}"));
        FRAMES.put("call-join", List.of(JOIN, CALL_JOIN));
        FRAMES.put("call-media", List.of(JOIN, CALL_JOIN, "{\"type\":\"call-media\",\"conversation\":\"%1$s\",\"audio\":true,\"video\":false,\"screen\":false}"));
        FRAMES.put("call-leave", List.of(JOIN, CALL_JOIN, "{\"type\":\"call-leave\",\"conversation\":\"%1$s\"}"));
        FRAMES.put("media", List.of(JOIN, CALL_JOIN, "{\"type\":\"media\",\"conversation\":\"%1$s\",\"kind\":\"layer\",\"layer\":1}"));
        FRAMES.put("control", List.of(JOIN, CALL_JOIN, "{\"type\":\"control\",\"conversation\":\"%1$s\",\"action\":\"end\"}"));
    }

    @Test
    void everyOperationAndFrameAnswersEachCallerAsTheTableSays() throws Exception {
        ResilienceStack stack = ResilienceStack.shared();
        Fixtures fixtures = new Fixtures(stack);
        boolean record = Boolean.getBoolean("salon.matrix.record");
        Map<String, List<String>> expected = record ? Map.of() : read();
        Fixtures.World b = fixtures.world();
        String bName = stack.call(fixtures.token("bob"), "GET", "room", "/api/room/conversations/" + b.conversation(), null, 200)
                .path("name").asText();
        Callers callers = new Callers(stack, fixtures);
        Set<String> documented = clientFrames();
        documented.removeAll(FRAMES.keySet());
        assertTrue(documented.isEmpty(), "client frames of the protocol without a row here: " + documented);

        Map<String, List<String>> actual = new LinkedHashMap<>();
        List<String> differences = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> leaks = java.util.Collections.synchronizedList(new ArrayList<>());
        Fixtures.World shared = fixtures.world();
        for (String service : ResilienceStack.FUZZED) {
            JsonNode document = stack.send(HttpRequest.newBuilder(URI.create(stack.service(service) + "/q/openapi?format=json")), 200);
            for (OpenApi.Operation op : OpenApi.operations(service, document)) {
                actual.put(op.key(), byRole(role -> {
                    Fixtures.World w = op.writes() && (record || expected(expected, op.key(), role).startsWith("2")) ? fixtures.world() : shared;
                    Fuzz.Baseline baseline = fixtures.baseline(op, w);
                    String token = callers.token(role, w, b);
                    fixtures.prepare(op, baseline, token);
                    Fuzz.Case request = new Fuzz.Case(role, Fuzz.target(op, baseline.path(), baseline.query()),
                            op.body() == null ? null : op.body().mediaType(), baseline.body() == null ? null : Fuzz.encode(op.body().mediaType(), baseline.body()));
                    HttpResponse<String> r = stack.http.send(fixtures.request(op, token, request, "10.1.0." + (1 + ROLES.indexOf(role))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    String wrong = RestFuzzIT.wrongAnswer(r);
                    if (wrong != null && r.statusCode() != 401) {
                        differences.add(op.key() + " as " + role + ": " + wrong);
                    }
                    if (role.equals("guestA")) {
                        leaks.addAll(leaksOf(op.key(), r.body(), b, bName));
                    }
                    return String.valueOf(r.statusCode());
                }));
            }
        }
        for (String type : FRAMES.keySet()) {
            actual.put("ws " + type, byRole(role -> {
                String want = expected(expected, "ws " + type, role);
                Fixtures.World w = type.startsWith("call") || type.equals("media") || type.equals("control") || type.equals("speaking")
                        ? (record || !ERRORS.contains(want) ? fixtures.world() : shared) : shared;
                String token = callers.token(role, w, b);
                List<JsonNode> received = new ArrayList<>();
                String answer = frame(stack, token, FRAMES.get(type), w.conversation(), received);
                if (role.equals("guestA")) {
                    received.forEach(f -> leaks.addAll(leaksOf("ws " + type, f.toString(), b, bName)));
                }
                return answer;
            }));
        }
        actual.put("ws join B", byRole(role -> frame(stack, callers.token(role, shared, b),
                List.of(JOIN), b.conversation(), new ArrayList<>())));
        callersAtOnce.shutdown();

        if (record) {
            write(actual);
        } else {
            compare(expected, actual, differences);
        }
        int cells = actual.size() * ROLES.size();
        Report.section("authorization-matrix", "### Authorization matrix\n\n" + actual.size() + " rows (every REST operation and client "
                + "frame) × " + ROLES.size() + " callers = " + cells + " cells, each as [the table](../resilience/src/test/resources/"
                + "authorization-matrix.tsv) says; answers leaking conversation B to a guest of A: " + leaks.size() + ".");
        assertTrue(leaks.isEmpty(), "a guest of A learned of B:\n" + String.join("\n", leaks));
        assertTrue(differences.isEmpty(), differences.size() + " cells differ from the table:\n" + String.join("\n", differences));
    }

    /** A row's cells: each caller's answer, five callers at a time (each has a conversation of its own, or only reads). */
    private final java.util.concurrent.ExecutorService callersAtOnce = java.util.concurrent.Executors.newFixedThreadPool(5);

    private interface Cell {
        String answer(String role) throws Exception;
    }

    private List<String> byRole(Cell cell) throws InterruptedException {
        List<java.util.concurrent.Callable<String>> cells = ROLES.stream().<java.util.concurrent.Callable<String>>map(role -> () -> cell.answer(role))
                .toList();
        List<String> row = new ArrayList<>();
        for (var answer : callersAtOnce.invokeAll(cells)) {
            try {
                row.add(answer.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return row;
    }

    /** The table's cell, or "" for an operation it has no row for (that fails later, with all the others). */
    private static String expected(Map<String, List<String>> table, String row, String role) {
        List<String> cells = table.get(row);
        return cells == null ? "" : cells.get(ROLES.indexOf(role));
    }

    /** The answer to the last frame of {@code frames} (after hello): its type, its error code, or 401 for a refused upgrade. */
    private static String frame(ResilienceStack stack, String token, List<String> frames, String conversation, List<JsonNode> received) {
        SignalingClient client;
        try {
            client = new SignalingClient(URI.create(stack.gateway().replace("http", "ws") + "/ws"), token);
        } catch (java.util.concurrent.CompletionException refused) {
            return refused.getCause() instanceof java.net.http.WebSocketHandshakeException h ? String.valueOf(h.getResponse().statusCode())
                    : "refused";
        }
        try (client) {
            received.add(client.hello());
            JsonNode last = null;
            for (String f : frames) {
                client.drain(Duration.ofMillis(50)).forEach(received::add);
                client.send(f.formatted(conversation));
                last = answer(client, received, f.contains("\"ping\""));
            }
            return last == null ? "welcome" : last.path("type").asText().equals("error") ? last.path("code").asText() : last.path("type").asText();
        }
    }

    /** The frame answering the one just sent: a ping right after it is answered after it, so "none" if only pong comes. */
    private static JsonNode answer(SignalingClient client, List<JsonNode> received, boolean wasPing) {
        client.send("{\"type\":\"ping\"}");
        JsonNode answer = null;
        boolean firstPong = wasPing;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode f : client.drain(Duration.ofMillis(50))) {
                received.add(f);
                String type = f.path("type").asText();
                if (type.equals("pong") && firstPong) {
                    firstPong = false;
                    answer = f;
                } else if (type.equals("pong")) {
                    return answer == null ? ResilienceStack.JSON.createObjectNode().put("type", "none") : answer;
                }
                if (answer == null && !type.equals("event") && !type.equals("typing") && !type.equals("speaking") && !type.equals("invited")) {
                    answer = f;
                }
            }
        }
        throw new AssertionError("no pong after a frame; received " + received);
    }

    /** The frame types a client may send, as signaling-service/docs/protocol.md lists them. */
    private static Set<String> clientFrames() throws IOException {
        String doc = Files.readString(Path.of(System.getProperty("salon.root", "..")).resolve("signaling-service/docs/protocol.md"));
        Matcher m = CLIENT_FRAME.matcher(doc.substring(doc.indexOf("## Client → server"), doc.indexOf("## Server → client")));
        Set<String> types = new TreeSet<>();
        while (m.find()) {
            types.add(m.group(1));
        }
        return types;
    }

    private static List<String> leaksOf(String where, String body, Fixtures.World b, String bName) {
        List<String> leaks = new ArrayList<>();
        for (String secret : List.of(b.conversation(), b.link(), bName)) {
            if (body != null && body.contains(secret)) {
                leaks.add(where + " showed guest A '" + secret + "'");
            }
        }
        return leaks;
    }

    private static Map<String, List<String>> read() throws IOException {
        Map<String, List<String>> table = new LinkedHashMap<>();
        for (String line : Files.readAllLines(TABLE)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("operation\t")) {
                continue;
            }
            String[] cells = line.split("\t");
            table.put(cells[0], List.of(cells).subList(1, cells.length));
        }
        return table;
    }

    private static void write(Map<String, List<String>> actual) throws IOException {
        StringBuilder tsv = new StringBuilder("""
                # Who may do what: each REST operation (from the services' OpenAPI documents) and signaling frame, and the answer
                # each caller gets: HTTP status, or for a frame the type of the server's answer or its error code (401: the
                # WebSocket upgrade was refused). A is bob's public conversation: carol its moderator, dave a member, a guest
                # let in by its link; B is another one with its own guest. admin is alice, in neither; disabled a user an
                # administrator disabled after their token was issued; expired dave's token, expired. Read by AuthorizationMatrixIT.
                """);
        tsv.append("operation\t").append(String.join("\t", ROLES)).append('\n');
        actual.forEach((op, row) -> tsv.append(op).append('\t').append(String.join("\t", row)).append('\n'));
        Files.writeString(TABLE, tsv);
    }

    private static void compare(Map<String, List<String>> expected, Map<String, List<String>> actual, List<String> differences) {
        Set<String> unknown = new TreeSet<>(expected.keySet());
        unknown.removeAll(actual.keySet());
        unknown.forEach(op -> differences.add(op + ": in the table but no such operation or frame"));
        actual.forEach((op, row) -> {
            List<String> want = expected.get(op);
            if (want == null) {
                differences.add(op + ": no row in the table");
                return;
            }
            for (int i = 0; i < ROLES.size(); i++) {
                if (!want.get(i).equals(row.get(i))) {
                    differences.add(op + " as " + ROLES.get(i) + ": table says " + want.get(i) + ", answered " + row.get(i));
                }
            }
        });
    }

    /** The token each kind of caller sends. */
    private static final class Callers {
        private final Fixtures fixtures;
        private final String erin;
        private final String frank;
        private final String expired;

        Callers(ResilienceStack stack, Fixtures fixtures) throws Exception {
            this.fixtures = fixtures;
            String alice = fixtures.token("alice");
            erin = userToken(stack, alice, Fixtures.unique());
            String frankLogin = Fixtures.unique();
            frank = userToken(stack, alice, frankLogin);
            String frankId = stack.call(frank, "GET", "auth", "/api/auth/me", null, 200).path("id").asText();
            stack.call(alice, "PATCH", "auth", "/api/auth/admin/users/" + frankId, "{\"enabled\":false}", 200);
            // every service hears of it through Kafka
            for (String service : ResilienceStack.FUZZED) {
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (stack.status(frank, service) != 401 && System.nanoTime() < deadline) {
                    Fixtures.sleep(100);
                }
            }
            expired = expiredToken(stack, fixtures.daveId, fixtures.token("dave"));
        }

        String token(String role, Fixtures.World a, Fixtures.World b) {
            return switch (role) {
                case "anonymous" -> null;
                case "guestA" -> a.guest();
                case "guestB" -> b.guest();
                case "memberA" -> fixtures.token("dave");
                case "nonMember" -> erin;
                case "moderatorA" -> fixtures.token("carol");
                case "ownerA" -> fixtures.token("bob");
                case "admin" -> fixtures.token("alice");
                case "disabled" -> frank;
                case "expired" -> expired;
                default -> throw new IllegalArgumentException(role);
            };
        }

        private static String userToken(ResilienceStack stack, String alice, String login) {
            stack.call(alice, "POST", "auth", "/api/auth/admin/users", "{\"login\":\"" + login + "\",\"displayName\":\"User " + login
                    + "\",\"password\":\"correct horse battery\"}", 201);
            return stack.send(HttpRequest.newBuilder(URI.create(stack.service("auth") + "/api/auth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=password&client_id=salon-web&username=" + login + "&password=correct+horse+battery")), 200)
                    .path("access_token").asText();
        }

        /** A token like {@code sample} (same issuer, audience, key), for the same user, that expired a minute ago. */
        private static String expiredToken(ResilienceStack stack, String subject, String sample) throws Exception {
            JsonNode claims = ResilienceStack.JSON.readTree(Base64.getUrlDecoder().decode(sample.split("\\.")[1]));
            JsonNode header = ResilienceStack.JSON.readTree(Base64.getUrlDecoder().decode(sample.split("\\.")[0]));
            String kid = header.path("kid").asText();
            PrivateKey key;
            try (Statement s = stack.database("auth").createStatement();
                    ResultSet r = s.executeQuery("select private_key from signing_key where kid = '" + kid.replace("'", "") + "'")) {
                r.next();
                key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(r.getBytes(1)));
            }
            Instant now = Instant.now();
            List<String> groups = new ArrayList<>();
            claims.path("groups").forEach(g -> groups.add(g.asText()));
            return Jwt.subject(subject).issuer(claims.path("iss").asText()).audience(claims.path("aud").isArray()
                    ? claims.path("aud").get(0).asText() : claims.path("aud").asText()).groups(Set.copyOf(groups))
                    .issuedAt(now.minusSeconds(700)).expiresAt(now.minusSeconds(60)).jws().keyId(kid).sign(key);
        }
    }
}
