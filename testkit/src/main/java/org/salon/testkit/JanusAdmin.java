package org.salon.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/** Janus's admin API, for tests that count what media-gateway left behind (sessions and handles). */
public final class JanusAdmin {
    private final URI uri;
    private final String secret;

    public JanusAdmin(String adminUrl, String secret) {
        this.uri = URI.create(adminUrl);
        this.secret = secret;
    }

    /** Every handle of every Janus session on the node now. */
    public int handles() {
        int all = 0;
        for (JsonNode session : request("{\"janus\":\"list_sessions\"}").path("sessions")) {
            all += request("{\"janus\":\"list_handles\",\"session_id\":" + session.asLong() + "}").path("handles").size();
        }
        return all;
    }

    private JsonNode request(String message) {
        String transaction = UUID.randomUUID().toString();
        String body = message.substring(0, message.length() - 1) + ",\"transaction\":\"" + transaction + "\",\"admin_secret\":\"" + secret + "\"}";
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("janus-admin-protocol")
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            answer.complete(text.toString());
                        }
                        socket.request(1);
                        return null;
                    }
                }).join();
        try {
            ws.sendText(body, true).join();
            JsonNode reply = TopicReader.parse(answer.get(5, TimeUnit.SECONDS));
            if (!"success".equals(reply.path("janus").asText())) {
                throw new AssertionError("Janus admin API refused " + message + ": " + reply);
            }
            return reply;
        } catch (Exception e) {
            throw new AssertionError("Janus admin API did not answer " + message, e);
        } finally {
            ws.abort();
        }
    }

    /** Waits up to {@code wait} until the node has {@code expected} handles; the last count. */
    public int awaitHandles(int expected, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        int now;
        while ((now = handles()) != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return now;
    }
}
