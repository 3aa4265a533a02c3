package org.salon.resilience;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.salon.resilience.Fuzz.Baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A valid request for every operation, on data made for it: a public conversation of alice's (an administrator) with
 * bob in it and a message, and what else the operation acts on. An operation without one here fails the fuzz run,
 * so a new endpoint is fuzzed from the day it appears in an OpenAPI document.
 */
final class Fixtures {
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private final ResilienceStack stack;
    private final String bob;
    private final String carol;

    Fixtures(ResilienceStack stack) {
        this.stack = stack;
        String alice = alice();
        bob = userId(alice, "bob");
        carol = userId(alice, "carol");
    }

    String alice() {
        return stack.login("alice").path("access_token").asText();
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

    /** The valid request for {@code op}, on data made just for it. */
    Baseline baseline(OpenApi.Operation op) {
        String alice = alice();
        return switch (op.key()) {
            case "GET /api/auth/.well-known/jwks.json", "GET /api/auth/.well-known/openid-configuration" -> new Baseline(null, Map.of(), Map.of(), null);
            case "GET /api/auth/me" -> new Baseline(alice, Map.of(), Map.of(), null);
            case "GET /api/auth/admin/users" -> new Baseline(alice, Map.of(), Map.of("page", "0", "size", "10"), null);
            case "GET /api/auth/users" -> new Baseline(alice, Map.of(), Map.of("search", "bo", "page", "0", "size", "10"), null);
            case "GET /api/auth/users/{id}" -> new Baseline(alice, Map.of("id", bob), Map.of(), null);
            case "POST /api/auth/admin/users" -> new Baseline(alice, Map.of(), Map.of(), json(
                    "{\"login\":\"" + unique() + "\",\"displayName\":\"Fuzzed User\",\"email\":\"f@example.org\",\"password\":\"correct horse battery\",\"roles\":[]}"));
            case "PATCH /api/auth/admin/users/{id}" -> new Baseline(alice, Map.of("id", newUser(alice)), Map.of(), json("{\"enabled\":false}"));
            case "POST /api/auth/guest-tokens" -> new Baseline(stack.serviceToken(), Map.of(), Map.of(),
                    json("{\"conversation\":\"" + conversation(alice).path("id").asText() + "\",\"displayName\":\"Guest\"}"));
            case "POST /api/auth/token" -> new Baseline(null, Map.of(), Map.of(), json("{\"grant_type\":\"password\",\"client_id\":\"salon-web\","
                    + "\"username\":\"carol\",\"password\":\"" + stack.launcher.secret("demo-password") + "\"}"));
            case "POST /api/auth/logout" -> new Baseline(null, Map.of(), Map.of(),
                    json("{\"refresh_token\":\"" + stack.login("carol").path("refresh_token").asText() + "\"}"));
            case "GET /api/room/conversations" -> new Baseline(alice, Map.of(), Map.of("search", "Fuzz", "page", "0", "size", "10"), null);
            case "POST /api/room/conversations" -> new Baseline(alice, Map.of(), Map.of(),
                    json("{\"name\":\"Fuzz\",\"type\":\"group\",\"password\":null,\"participants\":[\"" + bob + "\"]}"));
            case "GET /api/room/conversations/{id}", "DELETE /api/room/conversations/{id}", "GET /api/room/conversations/{id}/participants",
                    "DELETE /api/room/conversations/{id}/password" -> new Baseline(alice, inConversation(alice), Map.of(), null);
            case "PATCH /api/room/conversations/{id}" -> new Baseline(alice, inConversation(alice), Map.of(),
                    json("{\"name\":\"Renamed\",\"description\":\"About it\",\"readOnly\":false}"));
            case "PUT /api/room/conversations/{id}/guests" -> new Baseline(alice, inConversation(alice), Map.of(), json("{\"allowed\":true}"));
            case "PUT /api/room/conversations/{id}/lobby" -> new Baseline(alice, inConversation(alice), Map.of(), json("{\"enabled\":true}"));
            case "PUT /api/room/conversations/{id}/password" -> new Baseline(alice, inConversation(alice), Map.of(),
                    json("{\"password\":\"correct horse battery\"}"));
            case "PATCH /api/room/conversations/{id}/preferences" -> new Baseline(alice, inConversation(alice), Map.of(),
                    json("{\"favourite\":true}"));
            case "POST /api/room/conversations/{id}/participants" -> new Baseline(alice, inConversation(alice), Map.of(),
                    json("{\"users\":[\"" + carol + "\"]}"));
            case "PATCH /api/room/conversations/{id}/participants/{participant}" -> new Baseline(alice, withBob(alice), Map.of(),
                    json("{\"role\":\"moderator\"}"));
            case "DELETE /api/room/conversations/{id}/participants/{participant}" -> new Baseline(alice, withBob(alice), Map.of(), null);
            case "GET /api/room/public/{link}" -> new Baseline(null, Map.of("link", conversation(alice).path("link").asText()), Map.of(), null);
            case "POST /api/room/public/{link}/join" -> new Baseline(null, Map.of("link", conversation(alice).path("link").asText()), Map.of(),
                    json("{\"displayName\":\"Guest\"}"));
            case "POST /api/chat/conversations/{conversation}/messages" -> new Baseline(alice, inChat(alice), Map.of(),
                    json("{\"body\":\"hello\",\"idempotencyKey\":\"" + unique() + "\"}"));
            case "GET /api/chat/conversations/{conversation}/messages" -> new Baseline(alice, inChat(alice), Map.of("after", "0", "limit", "10"), null);
            case "GET /api/chat/conversations/{conversation}/messages/search" -> new Baseline(alice, inChat(alice),
                    Map.of("q", "hello", "limit", "10"), null);
            case "GET /api/chat/search" -> new Baseline(alice, Map.of(), Map.of("q", "hello", "limit", "10"), null);
            case "GET /api/chat/conversations/{conversation}/read" -> new Baseline(alice, inChat(alice), Map.of(), null);
            case "POST /api/chat/conversations/{conversation}/read" -> {
                Map<String, String> path = withMessage(alice);
                yield new Baseline(alice, Map.of("conversation", path.get("conversation")), Map.of(), json("{\"messageId\":" + path.get("id") + "}"));
            }
            case "PATCH /api/chat/conversations/{conversation}/messages/{id}" -> new Baseline(alice, withMessage(alice), Map.of(),
                    json("{\"body\":\"edited\"}"));
            case "DELETE /api/chat/conversations/{conversation}/messages/{id}" -> new Baseline(alice, withMessage(alice), Map.of(), null);
            case "PUT /api/chat/conversations/{conversation}/messages/{id}/reactions/{emoji}",
                    "DELETE /api/chat/conversations/{conversation}/messages/{id}/reactions/{emoji}" -> {
                Map<String, String> path = new java.util.HashMap<>(withMessage(alice));
                path.put("emoji", "\uD83D\uDC4D");
                if (op.method().equals("DELETE")) {
                    stack.call(alice, "PUT", "chat", Fuzz.target(op, path, Map.of()), null, 204);
                }
                yield new Baseline(alice, path, Map.of(), null);
            }
            case "GET /api/media/nodes" -> new Baseline(alice, Map.of(), Map.of(), null);
            // a node no Janus listens on, on loopback: the fuzzer must never make media-gateway dial anywhere else
            case "POST /api/media/nodes" -> new Baseline(alice, Map.of(), Map.of(), json("{\"name\":\"" + unique() + "\",\"url\":\"ws://127.0.0.1:1\"}"));
            case "PATCH /api/media/nodes/{name}" -> new Baseline(alice, Map.of("name", newNode(alice)), Map.of(), json("{\"draining\":true}"));
            case "DELETE /api/media/nodes/{name}" -> new Baseline(alice, Map.of("name", newNode(alice)), Map.of(), null);
            default -> throw new AssertionError("no valid request for " + op.key() + ": add one to Fixtures");
        };
    }

    /** A new public conversation of alice's with bob in it. */
    JsonNode conversation(String alice) {
        // on a stack just started, room-service may not have heard of bob yet
        return eventually(() -> stack.call(alice, "POST", "room", "/api/room/conversations",
                "{\"name\":\"Fuzz fixture\",\"type\":\"public\",\"participants\":[\"" + bob + "\"]}", 201));
    }

    private Map<String, String> inConversation(String alice) {
        return Map.of("id", conversation(alice).path("id").asText());
    }

    private Map<String, String> withBob(String alice) {
        return Map.of("id", conversation(alice).path("id").asText(), "participant", bob);
    }

    private Map<String, String> inChat(String alice) {
        return Map.of("conversation", withMessage(alice).get("conversation"));
    }

    /** A new conversation with a message of alice's in it (once chat-service has heard of the conversation). */
    private Map<String, String> withMessage(String alice) {
        String conversation = conversation(alice).path("id").asText();
        JsonNode message = eventually(() -> stack.call(alice, "POST", "chat", "/api/chat/conversations/" + conversation + "/messages",
                "{\"body\":\"hello fixture\",\"idempotencyKey\":\"" + unique() + "\"}", 201));
        return Map.of("conversation", conversation, "id", message.path("id").asText());
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.service(op.service()) + c.target())).timeout(Duration.ofSeconds(30))
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
