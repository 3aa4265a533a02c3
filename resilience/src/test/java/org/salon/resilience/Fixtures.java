package org.salon.resilience;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.salon.resilience.Fuzz.Baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The people of the tests and a valid request for every operation, on data made for it. A {@link World} is a
 * public conversation of bob's with carol (moderator) and dave (member) in it and a guest let in by its link; {@link #baseline} acts on one as the operation's most privileged legitimate caller (bob, or alice,
 * an administrator, for the administration). An operation without a request here fails the runs, so a new endpoint
 * is fuzzed and put in the authorization matrix from the day it appears in an OpenAPI document.
 */
final class Fixtures {
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private final ResilienceStack stack;
    private final Map<String, Token> tokens = new HashMap<>();
    final String aliceId;
    final String bobId;
    final String carolId;
    final String daveId;

    /** One conversation and what is in it. */
    record World(String conversation, String link, String guest) {
    }

    Fixtures(ResilienceStack stack) {
        this.stack = stack;
        String alice = token("alice");
        aliceId = userId(alice, "alice");
        bobId = userId(alice, "bob");
        carolId = userId(alice, "carol");
        daveId = userId(alice, "dave");
    }

    /** A demo user's access token (alice is an administrator), fetched again after 5 of its 10 minutes. */
    synchronized String token(String user) {
        Token t = tokens.get(user);
        if (t == null || t.fetched() < System.nanoTime() - Duration.ofMinutes(5).toNanos()) {
            t = new Token(stack.login(user).path("access_token").asText(), System.nanoTime());
            tokens.put(user, t);
        }
        return t.token();
    }

    private record Token(String token, long fetched) {
    }

    private String userId(String token, String login) {
        for (JsonNode user : stack.call(token, "GET", "auth", "/api/auth/users?search=" + login, null, 200).path("users")) {
            if (user.path("login").asText().equals(login)) {
                return user.path("id").asText();
            }
        }
        throw new IllegalStateException("no demo user " + login);
    }

    static String unique() {
        return "fz" + ProcessHandle.current().pid() + "x" + UNIQUE.incrementAndGet();
    }

    /** A new world: bob's public conversation, carol its moderator, dave a member with a message, a guest let in. */
    World world() {
        String bob = token("bob");
        // on a stack just started, room-service may not have heard of the others yet
        JsonNode created = eventually(() -> stack.call(bob, "POST", "room", "/api/room/conversations", "{\"name\":\"Fixture " + unique()
                + "\",\"type\":\"public\",\"participants\":[\"" + carolId + "\",\"" + daveId + "\"]}", 201));
        String conversation = created.path("id").asText();
        stack.call(bob, "PATCH", "room", "/api/room/conversations/" + conversation + "/participants/" + carolId, "{\"role\":\"moderator\"}", 200);
        eventually(() -> stack.call(bob, "GET", "chat", "/api/chat/conversations/" + conversation + "/messages", null, 200));
        String guest = stack.call(null, "POST", "room", "/api/room/public/" + created.path("link").asText() + "/join",
                "{\"displayName\":\"Gaston\"}", 200).path("token").asText();
        return new World(conversation, created.path("link").asText(), guest);
    }

    /** A new message of dave's in the world (posted only for the operations on one: chat-service limits each sender's rate). */
    private String message(World w) {
        return stack.call(token("dave"), "POST", "chat", "/api/chat/conversations/" + w.conversation() + "/messages",
                "{\"body\":\"hello fixture\",\"idempotencyKey\":\"" + unique() + "\"}", 201).path("id").asText();
    }

    /** The valid request for {@code op} on {@code w}, with the token of the one most entitled to send it. */
    Baseline baseline(OpenApi.Operation op, World w) {
        String bob = token("bob");
        String alice = token("alice");
        Map<String, String> in = Map.of("id", w.conversation());
        Map<String, String> inChat = Map.of("conversation", w.conversation());
        Map<String, String> onMessage = op.path().contains("/messages/{id}") ? Map.of("conversation", w.conversation(), "id", message(w))
                : Map.of();
        return switch (op.key()) {
            case "GET /api/auth/.well-known/jwks.json", "GET /api/auth/.well-known/openid-configuration" -> new Baseline(null, Map.of(), Map.of(), null);
            case "GET /api/auth/me" -> new Baseline(bob, Map.of(), Map.of(), null);
            case "GET /api/auth/admin/users" -> new Baseline(alice, Map.of(), Map.of("page", "0", "size", "10"), null);
            case "GET /api/auth/users" -> new Baseline(bob, Map.of(), Map.of("search", "ca", "page", "0", "size", "10"), null);
            case "GET /api/auth/users/{id}" -> new Baseline(bob, Map.of("id", carolId), Map.of(), null);
            case "POST /api/auth/admin/users" -> new Baseline(alice, Map.of(), Map.of(), json(
                    "{\"login\":\"" + unique() + "\",\"displayName\":\"Fuzzed User\",\"email\":\"f@example.org\",\"password\":\"correct horse battery\",\"roles\":[]}"));
            case "PATCH /api/auth/admin/users/{id}" -> new Baseline(alice, Map.of("id", newUser(alice)), Map.of(), json("{\"enabled\":false}"));
            case "POST /api/auth/guest-tokens" -> new Baseline(stack.serviceToken(), Map.of(), Map.of(),
                    json("{\"conversation\":\"" + w.conversation() + "\",\"displayName\":\"Guest\"}"));
            case "POST /api/auth/token" -> new Baseline(null, Map.of(), Map.of(), json("{\"grant_type\":\"password\",\"client_id\":\"salon-web\","
                    + "\"username\":\"carol\",\"password\":\"" + stack.launcher.secret("demo-password") + "\"}"));
            case "POST /api/auth/logout" -> new Baseline(null, Map.of(), Map.of(),
                    json("{\"refresh_token\":\"" + stack.login("carol").path("refresh_token").asText() + "\"}"));
            case "GET /api/room/conversations" -> new Baseline(bob, Map.of(), Map.of("search", "Fixture", "page", "0", "size", "10"), null);
            case "POST /api/room/conversations" -> new Baseline(bob, Map.of(), Map.of(),
                    json("{\"name\":\"Fuzz\",\"type\":\"group\",\"password\":null,\"participants\":[]}"));
            case "GET /api/room/conversations/{id}", "DELETE /api/room/conversations/{id}", "GET /api/room/conversations/{id}/participants",
                    "DELETE /api/room/conversations/{id}/password" -> new Baseline(bob, in, Map.of(), null);
            case "PATCH /api/room/conversations/{id}" -> new Baseline(bob, in, Map.of(), json("{\"name\":\"Renamed\",\"description\":\"About it\",\"readOnly\":false}"));
            case "PUT /api/room/conversations/{id}/guests" -> new Baseline(bob, in, Map.of(), json("{\"allowed\":true}"));
            case "PUT /api/room/conversations/{id}/lobby" -> new Baseline(bob, in, Map.of(), json("{\"enabled\":true}"));
            case "PUT /api/room/conversations/{id}/password" -> new Baseline(bob, in, Map.of(), json("{\"password\":\"correct horse battery\"}"));
            case "PATCH /api/room/conversations/{id}/preferences" -> new Baseline(bob, in, Map.of(), json("{\"favourite\":true}"));
            case "POST /api/room/conversations/{id}/participants" -> new Baseline(bob, in, Map.of(), json("{\"users\":[\"" + aliceId + "\"]}"));
            case "PATCH /api/room/conversations/{id}/participants/{participant}" -> new Baseline(bob,
                    Map.of("id", w.conversation(), "participant", daveId), Map.of(), json("{\"role\":\"moderator\"}"));
            case "DELETE /api/room/conversations/{id}/participants/{participant}" -> new Baseline(bob,
                    Map.of("id", w.conversation(), "participant", daveId), Map.of(), null);
            case "GET /api/room/public/{link}" -> new Baseline(null, Map.of("link", w.link()), Map.of(), null);
            case "POST /api/room/public/{link}/join" -> new Baseline(null, Map.of("link", w.link()), Map.of(), json("{\"displayName\":\"Guest\"}"));
            case "POST /api/chat/conversations/{conversation}/messages" -> new Baseline(bob, inChat, Map.of(),
                    json("{\"body\":\"hello\",\"idempotencyKey\":\"" + unique() + "\"}"));
            case "GET /api/chat/conversations/{conversation}/messages" -> new Baseline(bob, inChat, Map.of("after", "0", "limit", "10"), null);
            case "GET /api/chat/conversations/{conversation}/messages/search" -> new Baseline(bob, inChat, Map.of("q", "hello", "limit", "10"), null);
            case "GET /api/chat/search" -> new Baseline(bob, Map.of(), Map.of("q", "hello", "limit", "10"), null);
            case "GET /api/chat/conversations/{conversation}/read" -> new Baseline(bob, inChat, Map.of(), null);
            case "POST /api/chat/conversations/{conversation}/read" -> new Baseline(bob, inChat, Map.of(), json("{\"messageId\":" + message(w) + "}"));
            // dave's message: its author edits it, moderators delete it
            case "PATCH /api/chat/conversations/{conversation}/messages/{id}" -> new Baseline(token("dave"), onMessage, Map.of(),
                    json("{\"body\":\"edited\"}"));
            case "DELETE /api/chat/conversations/{conversation}/messages/{id}" -> new Baseline(bob, onMessage, Map.of(), null);
            case "PUT /api/chat/conversations/{conversation}/messages/{id}/reactions/{emoji}",
                    "DELETE /api/chat/conversations/{conversation}/messages/{id}/reactions/{emoji}" -> {
                Map<String, String> path = new HashMap<>(onMessage);
                path.put("emoji", "\uD83D\uDC4D");
                yield new Baseline(bob, path, Map.of(), null);
            }
            case "GET /api/media/nodes" -> new Baseline(alice, Map.of(), Map.of(), null);
            // a node no Janus listens on, on loopback: the tests must never make media-gateway dial anywhere else
            case "POST /api/media/nodes" -> new Baseline(alice, Map.of(), Map.of(), json("{\"name\":\"" + unique() + "\",\"url\":\"ws://127.0.0.1:1\"}"));
            case "PATCH /api/media/nodes/{name}" -> new Baseline(alice, Map.of("name", newNode(alice)), Map.of(), json("{\"draining\":true}"));
            case "DELETE /api/media/nodes/{name}" -> new Baseline(alice, Map.of("name", newNode(alice)), Map.of(), null);
            default -> throw new AssertionError("no valid request for " + op.key() + ": add one to Fixtures");
        };
    }

    /** Whatever has to exist before {@code op} can succeed for the one sending it (a reaction to take back). */
    void prepare(OpenApi.Operation op, Baseline b, String token) {
        if (op.key().equals("DELETE /api/chat/conversations/{conversation}/messages/{id}/reactions/{emoji}") && token != null) {
            stack.call(token, "PUT", "chat", Fuzz.target(op, b.path(), Map.of()), null, -1);
        }
    }

    /** What one service tells another arrives through Kafka a moment later: tries again for up to 15 s. */
    private static <T> T eventually(java.util.function.Supplier<T> request) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                return request.get();
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                sleep(100);
            }
        }
    }

    private String newUser(String alice) {
        return stack.call(alice, "POST", "auth", "/api/auth/admin/users", "{\"login\":\"" + unique()
                + "\",\"displayName\":\"Someone\",\"password\":\"correct horse battery\"}", 201).path("id").asText();
    }

    private String newNode(String alice) {
        String name = unique();
        stack.call(alice, "POST", "media", "/api/media/nodes", "{\"name\":\"" + name + "\",\"url\":\"ws://127.0.0.1:1\"}", 201);
        return name;
    }

    /** A case as a request to the service's own port, from {@code forwardedFor} (the services trust loopback's word). */
    HttpRequest.Builder request(OpenApi.Operation op, String token, Fuzz.Case c, String forwardedFor) {
        return request(op, token, c, forwardedFor, false);
    }

    /** The request of a case, to the service's own port or (for an operation the gateway routes) through the gateway. */
    HttpRequest.Builder request(OpenApi.Operation op, String token, Fuzz.Case c, String forwardedFor, boolean throughGateway) {
        String base = throughGateway ? stack.gateway() : stack.service(op.service());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + c.target())).timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", forwardedFor)
                .method(op.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null && c.body() != null) {
            b.header("Content-Type", c.contentType());
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) ResilienceStack.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
