package org.salon.bench;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Janus's WebSocket JSON API (subprotocol {@code janus-protocol}) spoken by the benchmark itself, for the media
 * floor: one session, VideoRoom handles on it, and each request answered by the reply carrying its transaction.
 */
final class DirectJanus implements AutoCloseable {
    private static final long WAIT_SECONDS = 20;
    /**
     * A floor room's settings: media-gateway's (MediaCalls.room, its talking level at its default), so that Janus does
     * the same work per packet either way. The room is created with these, its pin, and the api secret as admin_key
     * (deploy/local's Janus takes it as the VideoRoom's).
     */
    static final Map<String, Object> FLOOR_ROOM = Map.of("publishers", 100, "audiolevel_event", true, "audio_active_packets", 25,
            "audio_level_average", 25, "notify_joining", true, "videocodec", "vp8,h264", "fir_freq", 10);

    private final String apiSecret;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keepalive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "janus-keepalive");
        t.setDaemon(true);
        return t;
    });
    private final WebSocket socket;
    private final long session;

    DirectJanus(String url, String apiSecret) throws Exception {
        this.apiSecret = apiSecret;
        socket = Salon.HTTP.newWebSocketBuilder().subprotocols("janus-protocol").buildAsync(URI.create(url), new Replies())
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        session = request(Map.of("janus", "create")).at("/data/id").asLong();
        // Janus drops a session after 60 s without a request, and the floor's session idles through the gateway's phases
        keepalive.scheduleAtFixedRate(() -> send(envelope(Map.of("janus", "keepalive", "session_id", session),
                UUID.randomUUID().toString())), 20, 20, TimeUnit.SECONDS);
    }

    /** A new handle on the VideoRoom plugin. */
    long attach() throws Exception {
        return request(Map.of("janus", "attach", "session_id", session, "plugin", "janus.plugin.videoroom")).at("/data/id").asLong();
    }

    /**
     * A plugin request, with a JSEP if {@code sdp} is given; Janus's reply to it (the plugin's answer at
     * {@code /plugindata/data}, its own JSEP at {@code /jsep}).
     */
    JsonNode message(long handle, Map<String, Object> body, String type, String sdp) throws Exception {
        Map<String, Object> m = new HashMap<>(Map.of("janus", "message", "session_id", session, "handle_id", handle, "body", body));
        if (sdp != null) {
            m.put("jsep", Map.of("type", type, "sdp", sdp));
        }
        return request(m);
    }

    void detach(long handle) throws Exception {
        request(Map.of("janus", "detach", "session_id", session, "handle_id", handle));
    }

    /** Destroying the session detaches its handles, so a publisher's feed leaves its room. */
    @Override
    public void close() throws Exception {
        keepalive.shutdownNow();
        try {
            request(Map.of("janus", "destroy", "session_id", session));
        } finally {
            socket.abort();
        }
    }

    private JsonNode request(Map<String, Object> fields) throws Exception {
        String transaction = UUID.randomUUID().toString();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(transaction, reply);
        try {
            send(envelope(fields, transaction));
            JsonNode r = reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
            if ("error".equals(r.path("janus").asText()) || r.at("/plugindata/data").has("error")) {
                throw new IllegalStateException("Janus refused " + fields.get("janus") + " " + fields.getOrDefault("body", "") + ": " + r);
            }
            return r;
        } finally {
            pending.remove(transaction);
        }
    }

    private String envelope(Map<String, Object> fields, String transaction) {
        Map<String, Object> m = new HashMap<>(fields);
        m.put("transaction", transaction);
        m.put("apisecret", apiSecret);
        try {
            return Salon.JSON.writeValueAsString(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // the JDK's WebSocket refuses a send while another is in flight: the keepalive thread sends too
    private synchronized void send(String text) {
        socket.sendText(text, true).join();
    }

    private final class Replies implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode m = org.salon.testkit.TopicReader.parse(text.toString());
                text.setLength(0);
                // an ack only says an asynchronous request was taken: its event follows with the same transaction
                CompletableFuture<JsonNode> waiting = "ack".equals(m.path("janus").asText()) ? null : pending.get(m.path("transaction").asText());
                if (waiting != null) {
                    waiting.complete(m);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            pending.values().forEach(p -> p.completeExceptionally(new IllegalStateException("Janus closed the WebSocket: " + status + " " + reason)));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(p -> p.completeExceptionally(error));
        }
    }
}
