package org.salon.resilience;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One participant's client through the gateway, behaving as the web client does: joined to its conversations, it
 * resumes its session after a lost connection (or, given a new session, joins again and asks chat-service for what
 * it missed, merging by message id), drops an event id it already has, and keeps what it has shown. A message shown
 * twice from live frames, or out of its conversation's order, is a problem it records.
 */
final class ChatSession extends GatewayClient {
    private static final Duration JOIN_POLL = Duration.ofMillis(200);
    final List<String> conversations;
    /** The workload's messages this client shows, per conversation, in the order shown. */
    private final Map<String, List<Long>> shown = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    /** The names each conversation showed, in turn. */
    private final Map<String, List<String>> names = new ConcurrentHashMap<>();
    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    final AtomicInteger duplicateFrames = new AtomicInteger();
    final AtomicInteger resyncs = new AtomicInteger();

    ChatSession(ResilienceStack stack, String name, Supplier<String> token, List<String> conversations) {
        super(stack, name, token);
        this.conversations = conversations;
        conversations.forEach(c -> {
            shown.put(c, Collections.synchronizedList(new ArrayList<>()));
            names.put(c, Collections.synchronizedList(new ArrayList<>()));
        });
        begin();
    }

    List<Long> shown(String conversation) {
        synchronized (shown.get(conversation)) {
            return List.copyOf(shown.get(conversation));
        }
    }

    List<String> names(String conversation) {
        synchronized (names.get(conversation)) {
            return List.copyOf(names.get(conversation));
        }
    }

    /** Joins every conversation, catching up on each right after its join; frames of those already joined are handled meanwhile. */
    @Override
    void startOver(boolean again) {
        for (String c : conversations) {
            socket.send("{\"type\":\"join\",\"conversation\":\"" + c + "\"}");
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (true) {
                JsonNode frame = socket.next(JOIN_POLL);
                String type = frame == null ? "" : frame.path("type").asText();
                if (type.equals("joined") || type.equals("error")) {
                    if (!type.equals("joined")) {
                        throw new IllegalStateException(name + " could not join " + c + ": " + frame);
                    }
                    break;
                }
                if (frame != null) {
                    handle(frame);
                } else if (socket.closedByServer() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " got no answer to joining " + c);
                }
            }
            catchUp(c);
            if (again) {
                // what a new session was not told, the client reads again (the web client refreshes its list)
                String now = stack.send(java.net.http.HttpRequest.newBuilder(URI.create(stack.gateway() + "/api/room/conversations/" + c))
                        .header("Authorization", "Bearer " + token.get()), 200).path("name").asText();
                show(names.get(c), now);
            }
        }
    }

    @Override
    void handle(JsonNode frame) {
        switch (frame.path("type").asText()) {
            case "event" -> {
                JsonNode event = frame.path("event");
                if (!eventIds.add(event.path("id").asText())) {
                    duplicateFrames.incrementAndGet();
                    return;
                }
                JsonNode data = event.path("data");
                String conversation = frame.path("conversation").asText();
                switch (event.path("type").asText()) {
                    case "org.salon.chat.message.posted" -> {
                        if (data.path("body").asText().startsWith(Workload.MARK)) {
                            showLive(conversation, data.path("messageId").asLong(), data.path("seq").asLong());
                        }
                    }
                    case "org.salon.conversation.renamed" -> show(names.get(conversation), data.path("name").asText());
                    default -> {
                    }
                }
            }
            case "resync" -> {
                resyncs.incrementAndGet();
                conversations.forEach(this::catchUp);
            }
            case "error" -> problem(name + " got " + frame);
            default -> {
            }
        }
    }

    /** The name a conversation shows now (being told the name it has changes nothing). */
    private static void show(List<String> names, String name) {
        synchronized (names) {
            if (names.isEmpty() || !names.get(names.size() - 1).equals(name)) {
                names.add(name);
            }
        }
    }

    private void showLive(String conversation, long id, long seq) {
        List<Long> list = shown.get(conversation);
        synchronized (list) {
            if (list.contains(id)) {
                if (seq > lastSeq.getOrDefault(conversation, 0L)) {
                    problem(name + " was sent message " + id + " again in a new event");
                }
                return;
            }
            if (seq <= lastSeq.getOrDefault(conversation, 0L)) {
                problem(name + " got message " + id + " (seq " + seq + ") after seq " + lastSeq.get(conversation));
            }
            list.add(id);
            lastSeq.put(conversation, seq);
        }
    }

    /** What the conversation received since the last message shown, from chat-service's history, merged by id. */
    private void catchUp(String conversation) {
        List<Long> list = shown.get(conversation);
        while (true) {
            long after;
            synchronized (list) {
                after = list.isEmpty() ? 0 : list.get(list.size() - 1);
            }
            JsonNode page = stack.send(java.net.http.HttpRequest.newBuilder(URI.create(stack.gateway() + "/api/chat/conversations/"
                    + conversation + "/messages?after=" + after + "&limit=100")).header("Authorization", "Bearer " + token.get()), 200);
            synchronized (list) {
                for (JsonNode m : page) {
                    if (m.path("body").asText().startsWith(Workload.MARK) && !list.contains(m.path("id").asLong())) {
                        list.add(m.path("id").asLong());
                        lastSeq.merge(conversation, m.path("seq").asLong(), Math::max);
                    }
                }
            }
            if (page.size() < 100) {
                return;
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5), () -> {
        });
    }
}
