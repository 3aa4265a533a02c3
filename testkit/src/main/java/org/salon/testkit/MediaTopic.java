package org.salon.testkit;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One call's traffic on salon.media as media tests and benchmarks play it: sessions' requests written as
 * signaling-service sends them, media-gateway's signals read back.
 */
public final class MediaTopic implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String conversation = UUID.randomUUID().toString();
    private final String kafka;
    private final TopicReader reader;

    public MediaTopic(String kafka) {
        this.kafka = kafka;
        this.reader = new TopicReader(kafka, "salon.media");
    }

    public void request(String participant, String session, Map<String, Object> fields) throws Exception {
        Map<String, Object> data = new HashMap<>(fields);
        data.put("conversationId", conversation);
        data.put("participantId", participant);
        data.put("session", session);
        data.put("instance", "signaling-test");
        data.put("at", "2026-12-05T00:00:00Z");
        TopicWriter.send(kafka, "salon.media", conversation, UUID.randomUUID().toString(), "org.salon.media.request", conversation,
                JSON.writeValueAsString(data));
    }

    /** What a client does to send its camera: publishes it from {@code browser} and applies its {@code n}th answer. */
    public void publishCamera(Browser browser, String participant, String session, int n) throws Exception {
        request(participant, session, Map.of("kind", "publish", "feed", "camera", "sdp", WebRtc.publishCamera(browser, false)));
        WebRtc.accept(browser, "pc", signal(session, "answer", n).path("sdp").asText());
    }

    /** What a client does to receive the others: subscribes and answers its {@code n}th offer in {@code window.subs[name]}. */
    public void subscribe(Browser browser, String participant, String session, String name, int n) throws Exception {
        request(participant, session, Map.of("kind", "subscribe"));
        request(participant, session, Map.of("kind", "answer", "sdp", WebRtc.subscribe(browser, name, signal(session, "offer", n).path("sdp").asText())));
    }

    /** The data of the {@code n}th signal of that kind to the session. */
    public JsonNode signal(String session, String kind, int n) {
        List<JsonNode> found = signals(d -> session.equals(d.path("session").asText()) && kind.equals(d.path("kind").asText()), n,
                Duration.ofSeconds(20));
        if (found.size() < n) {
            throw new AssertionError("no " + kind + " signal #" + n + " for " + session);
        }
        return found.get(n - 1);
    }

    /** The data of this call's signals that match, once there are {@code atLeast} (or {@code wait} is over). */
    public List<JsonNode> signals(Predicate<JsonNode> data, int atLeast, Duration wait) {
        return reader.awaitEvents(e -> "org.salon.media.signal".equals(e.path("type").asText())
                && conversation.equals(e.path("subject").asText()) && data.test(e.path("data")), atLeast, wait)
                .stream().map(e -> e.path("data")).toList();
    }

    @Override
    public void close() {
        reader.close();
        TopicWriter.release(kafka);
    }
}
