package org.salon.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.salon.testkit.SignalingClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The signaling protocol fed hostile frames through the gateway: frames of every client type with fields of wrong
 * types and hostile values, unknown types, non-objects, truncated JSON, frames before hello, binary and oversized
 * frames, a flood. Each is answered with a documented error frame or closes its connection cleanly, never with an
 * internal error; meanwhile a bystander joined to a conversation receives every message posted there, and afterwards
 * a new client still says hello and joins.
 */
@Order(3)
class WebSocketFuzzIT {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The frame types a client may send (signaling-service/docs/protocol.md), and one it may not. */
    private static final List<String> TYPES = List.of("hello", "ping", "join", "leave", "typing", "speaking", "call-join", "call-media",
            "call-leave", "media", "control", "dance");
    private static final List<String> FIELDS = List.of("conversation", "version", "resume", "lastSeq", "typing", "speaking", "audio", "video",
            "screen", "kind", "feed", "sdp", "candidate", "layer", "action", "participant");
    private static final List<String> KINDS = List.of("publish", "unpublish", "subscribe", "answer", "candidate", "restart", "configure", "layer");
    /** The error codes protocol.md documents, but internal_error: a hostile frame must never cause one. */
    private static final Set<String> ERRORS = Set.of("bad_message", "unknown_type", "hello_required", "unsupported_version",
            "bad_conversation", "too_many_conversations", "forbidden", "not_found", "not_joined", "conflict", "rate_limited");
    private static final int FRAMES_PER_CONNECTION = 40;

    @Test
    void hostileFramesGetErrorsOrACleanCloseAndEveryoneElseIsStillServed() throws Exception {
        long seed = Fuzz.seed("WebSocket fuzz");
        int frames = Integer.getInteger("salon.wsfuzz.frames", 1_600);
        ResilienceStack stack = ResilienceStack.shared();
        Fixtures fixtures = new Fixtures(stack);
        String dave = fixtures.token("dave");
        String bob = fixtures.token("bob");
        String shared = fixtures.world().conversation();
        String bobsOwn = stack.call(bob, "POST", "room", "/api/room/conversations", "{\"name\":\"Not dave's\"}", 201).path("id").asText();
        URI ws = URI.create(stack.gateway().replace("http", "ws") + "/ws");

        Map<String, Integer> errors = new TreeMap<>();
        Map<Integer, Integer> closes = new TreeMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (SignalingClient bystander = new SignalingClient(ws, bob)) {
            bystander.hello();
            bystander.join(shared);
            Probe probe = new Probe(stack, bob, shared);
            probe.start();
            Fuzz fuzz = new Fuzz(seed);
            List<List<String>> connections = new ArrayList<>();
            for (int sent = 0; sent < frames; sent += FRAMES_PER_CONNECTION) {
                connections.add(frames(fuzz, List.of(shared, bobsOwn)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (List<String> batch : connections) {
                pool.submit(() -> fuzzOne(ws, dave, batch, errors, closes, failures));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES), "the fuzzing connections did not finish");

            // over the limits: a frame one byte over 64 KiB, a binary frame, a flood of 500 frames
            closes.merge(closedBy(ws, dave, c -> c.send("{\"type\":\"ping\",\"pad\":\"" + "a".repeat(65_536) + "\"}")), 1, Integer::sum);
            try (SignalingClient binary = new SignalingClient(ws, dave)) {
                binary.hello();
                binary.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
                binary.await(f -> "bad_message".equals(f.path("code").asText()), Duration.ofSeconds(5));
                binary.send("{\"type\":\"ping\"}").await(f -> "pong".equals(f.path("type").asText()), Duration.ofSeconds(5));
                errors.merge("bad_message", 1, Integer::sum);
            }
            // a text frame that is not UTF-8, written byte by byte (Java's client will not): close 1007, or (the server
            // reads it with replacement characters) a documented error frame and the connection goes on
            try (RawWebSocket raw = new RawWebSocket(URI.create(stack.gateway()).getPort(), "/ws", dave)) {
                raw.sendText("{\"type\":\"hello\",\"version\":1}");
                assertTrue(raw.next().text().contains("\"welcome\""));
                raw.send(RawWebSocket.TEXT, new byte[] { '{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });
                RawWebSocket.Frame answer = raw.next();
                if (answer.opcode() == RawWebSocket.CLOSE) {
                    assertEquals(1007, answer.closeCode(), "invalid UTF-8 closes with 1007, invalid frame payload data");
                    closes.merge(1007, 1, Integer::sum);
                } else {
                    String code = ResilienceStack.JSON.readTree(answer.text()).path("code").asText();
                    assertTrue(ERRORS.contains(code), "invalid UTF-8 answered " + answer.text());
                    errors.merge(code, 1, Integer::sum);
                    raw.sendText("{\"type\":\"ping\"}");
                    assertTrue(raw.next().text().contains("\"pong\""), "the connection still serves");
                }
            }
            try (SignalingClient flooder = new SignalingClient(ws, dave)) {
                flooder.hello();
                for (int i = 0; i < 500; i++) {
                    flooder.send("{\"type\":\"typing\",\"conversation\":\"" + shared + "\",\"typing\":true}");
                }
                long limited = flooder.drain(Duration.ofSeconds(2)).stream().filter(f -> "rate_limited".equals(f.path("code").asText())).count();
                assertTrue(limited > 0, "a flood of 500 frames was not limited");
                errors.merge("rate_limited", (int) limited, Integer::sum);
                Fixtures.sleep(3_000);
                flooder.send("{\"type\":\"ping\"}");
                flooder.await(f -> "pong".equals(f.path("type").asText()), Duration.ofSeconds(5));
            }
            int posted = probe.finish();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (seen.size() < posted && System.nanoTime() < deadline) {
                bystander.drain(Duration.ofMillis(200)).stream().filter(f -> f.at("/event/data/body").asText().startsWith("probe "))
                        .forEach(f -> seen.add(f.at("/event/data/body").asText()));
            }
            assertEquals(posted, seen.size(), "the bystander missed messages posted while the fuzzing ran");
            try (SignalingClient after = new SignalingClient(ws, bob)) {
                after.hello();
                after.join(shared);
            }
            stack.send(HttpRequest.newBuilder(URI.create(stack.service("signaling") + "/q/health/ready")), 200);
            report(seed, connections.size(), frames, errors, closes, posted);
        }
        assertTrue(failures.isEmpty(), "seed " + seed + ", " + failures.size() + " wrong answers:\n"
                + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        assertTrue(Set.of(1007, 1009).containsAll(closes.keySet().stream().filter(c -> c != 1000).toList()),
                "closes other than for the oversized frame and invalid UTF-8: " + closes);
        assertTrue(closes.containsKey(1009), "the oversized frame closed with 1009: " + closes);
    }

    /** Posts a numbered message every 600 ms; counts those acknowledged. */
    private static final class Probe extends Thread {
        private final ResilienceStack stack;
        private final String token;
        private final String conversation;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private int posted;

        Probe(ResilienceStack stack, String token, String conversation) {
            this.stack = stack;
            this.token = token;
            this.conversation = conversation;
        }

        @Override
        public void run() {
            while (running.get()) {
                stack.call(token, "POST", "chat", "/api/chat/conversations/" + conversation + "/messages",
                        "{\"body\":\"probe " + posted + "\",\"idempotencyKey\":\"" + Fixtures.unique() + "\"}", 201);
                posted++;
                Fixtures.sleep(600); // within chat-service's 2 posts a second per sender
            }
        }

        int finish() throws InterruptedException {
            running.set(false);
            join();
            return posted;
        }
    }

    /** One connection's frames: mostly hello first, then frames of random types with random and hostile fields. */
    private static List<String> frames(Fuzz fuzz, List<String> conversations) {
        List<String> frames = new ArrayList<>();
        if (fuzz.nextInt(6) > 0) {
            frames.add("{\"type\":\"hello\",\"version\":1}");
        }
        while (frames.size() < FRAMES_PER_CONNECTION) {
            ObjectNode frame = NODES.objectNode();
            int shape = fuzz.nextInt(10);
            if (shape == 0) {
                frames.add(Fuzz.escapeLoneSurrogates(fuzz.anyValue().toString())); // not an object, or an object without a type
                continue;
            }
            frame.put("type", TYPES.get(fuzz.nextInt(TYPES.size())));
            frame.put("conversation", conversations.get(fuzz.nextInt(conversations.size())));
            frame.put("kind", KINDS.get(fuzz.nextInt(KINDS.size())));
            for (String field : FIELDS) {
                if (fuzz.nextInt(3) == 0) {
                    frame.set(field, fuzz.anyValue());
                }
            }
            if (fuzz.nextInt(4) == 0) {
                frame.set("type", fuzz.anyValue());
            }
            String text = Fuzz.escapeLoneSurrogates(frame.toString());
            int cut = fuzz.nextInt(text.length());
            if (cut > 0 && Character.isLowSurrogate(text.charAt(cut))) {
                cut--; // a UTF-16 pair cut in two is not text the client can send
            }
            frames.add(shape == 1 ? text.substring(0, cut) : text); // truncated, or whole
        }
        return frames;
    }

    /** Sends the frames, then a ping that must be answered: every error frame documented, no internal error. */
    private static void fuzzOne(URI ws, String token, List<String> frames, Map<String, Integer> errors,
            Map<Integer, Integer> closes, List<String> failures) {
        try (SignalingClient client = new SignalingClient(ws, token)) {
            for (String frame : frames) {
                client.send(frame);
            }
            client.send("{\"type\":\"ping\"}");
            List<JsonNode> answers = new ArrayList<>();
            try {
                client.await(f -> {
                    answers.add(f);
                    return "pong".equals(f.path("type").asText());
                }, Duration.ofSeconds(10));
            } catch (AssertionError noPong) {
                failures.add("no pong after " + frames + " (closed: " + client.awaitClose(Duration.ZERO) + ")");
            }
            answers.addAll(client.drain(Duration.ofMillis(300)));
            for (JsonNode a : answers) {
                if ("error".equals(a.path("type").asText())) {
                    String code = a.path("code").asText();
                    synchronized (errors) {
                        errors.merge(code, 1, Integer::sum);
                    }
                    if (!ERRORS.contains(code) || a.path("message").asText().isBlank()) {
                        failures.add("error frame " + a + " among the answers to " + frames);
                    }
                }
            }
        } catch (RuntimeException e) {
            failures.add("connection failed: " + e + " sending " + frames);
        }
        synchronized (closes) {
            closes.merge(1000, 1, Integer::sum);
        }
    }

    /** Opens a connection, says hello, does {@code what}: the close code the server answers with (-1: none). */
    private static int closedBy(URI ws, String token, java.util.function.Consumer<SignalingClient> what) {
        try (SignalingClient client = new SignalingClient(ws, token)) {
            client.hello();
            try {
                what.accept(client);
            } catch (RuntimeException closedWhileSending) {
                // the server may close before the frame is all sent
            }
            return client.awaitClose(Duration.ofSeconds(5));
        }
    }

    private static void report(long seed, int connections, int frames, Map<String, Integer> errors, Map<Integer, Integer> closes, int probes) {
        StringBuilder md = new StringBuilder("""
                ### WebSocket fuzzing

                Through the gateway, connections of one user (a participant of one conversation, not of another) sent
                frames of every client type with fields drawn from edge values, hostile text and random
                values of random types, unknown and non-string types, non-objects and truncated JSON, a sixth of the
                connections without hello first; then a frame over 64 KiB (closed with 1009), a binary frame
                (`bad_message`, the connection stays) and a flood of 500 frames (`rate_limited`, the connection stays).
                Each connection must still answer a ping; every error frame must be a documented code with a message
                (never `internal_error`); a bystander joined to one of the conversations must receive every message
                posted there meanwhile; afterwards a new client says hello and joins. A text frame of invalid UTF-8,
                written byte by byte (Java's WebSocket client will not send one), is read with U+FFFD for the bad bytes
                and answered like any other bad frame (or, were it ever refused outright, closed with 1007).

                """);
        md.append("| connections | frames | messages posted meanwhile, all delivered to the bystander |\n|---|---|---|\n| ")
                .append(connections + 4).append(" | ").append(connections * FRAMES_PER_CONNECTION + 503).append(" | ").append(probes).append(" |\n\n");
        md.append("| error frames by code | count |\n|---|---|\n");
        errors.forEach((code, count) -> md.append("| `").append(code).append("` | ").append(count).append(" |\n"));
        md.append("\n| connections ended by | count |\n|---|---|\n");
        closes.forEach((code, count) -> md.append("| ").append(code == 1000 ? "the client (1000), after its ping was answered"
                : code == 1009 ? "the server: 1009, message too big (the frame over 64 KiB)"
                : code == 1007 ? "the server: 1007, invalid frame payload data (the text frame of invalid UTF-8)" : "the server: " + code).append(" | ").append(count).append(" |\n"));
        md.append("\nSeed ").append(seed).append(" (`-Dsalon.fuzz.seed=").append(seed).append(" -Dsalon.wsfuzz.frames=").append(frames)
                .append("` replays it).");
        Report.section("websocket-fuzz", md.toString());
    }
}
