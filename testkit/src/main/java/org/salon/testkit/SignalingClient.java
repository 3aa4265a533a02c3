package org.salon.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/** A test's WebSocket client of the signaling protocol: sends frames, collects what the server sends. */
public final class SignalingClient implements AutoCloseable {
    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<JsonNode> history = new ArrayList<>();
    private final WebSocket socket;
    private volatile boolean closedByServer;
    private volatile boolean paused;
    private volatile long lastSeq;
    private volatile int closeStatus = -1;

    /** Connects with a bearer token in the upgrade request (null: none). */
    public SignalingClient(URI uri, String token) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        socket = builder.buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            JsonNode frame = TopicReader.parse(partial.toString());
                            lastSeq = Math.max(lastSeq, frame.path("seq").asLong(0));
                            frames.add(frame);
                            partial.setLength(0);
                        }
                        if (!paused) {
                            ws.request(1);
                        }
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        closeStatus = status;
                        closedByServer = true;
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        // the connection was lost without a close frame (the server died, the gateway dropped it)
                        closeStatus = 1006;
                        closedByServer = true;
                    }
                }).join();
    }

    public SignalingClient send(String frame) {
        socket.sendText(frame, true).join();
        return this;
    }

    public SignalingClient sendBinary(byte[] frame) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(frame), true).join();
        return this;
    }

    /** Sends hello and returns the welcome frame. */
    public JsonNode hello() {
        send("{\"type\":\"hello\",\"version\":1}");
        return await(f -> "welcome".equals(f.path("type").asText()), Duration.ofSeconds(5));
    }

    /** The seq of the last event frame received (0: none). */
    public long lastSeq() {
        return lastSeq;
    }

    /** Sends hello resuming an earlier session, having received its event frames up to {@code lastSeq}; the welcome. */
    public JsonNode resume(String session, long lastSeq) {
        send("{\"type\":\"hello\",\"version\":1,\"resume\":\"" + session + "\",\"lastSeq\":" + lastSeq + "}");
        return await(f -> "welcome".equals(f.path("type").asText()), Duration.ofSeconds(15));
    }

    /** Stops reading from the socket (a slow client): what the server sends piles up in the network buffers. */
    public void pause() {
        paused = true;
    }

    /** Reads again. */
    public void unpause() {
        paused = false;
        socket.request(1);
    }

    /** Drops the connection without a close frame, as a lost network does. */
    public void abort() {
        socket.abort();
    }

    public JsonNode join(String conversation) {
        send("{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}");
        return await(f -> "joined".equals(f.path("type").asText()), Duration.ofSeconds(5));
    }

    /** The next frame (in arrival order) that matches, or an AssertionError after {@code wait}. */
    public JsonNode await(Predicate<JsonNode> match, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode f = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
                if (f == null) {
                    throw new AssertionError("no matching frame within " + wait + "; received: " + history);
                }
                history.add(f);
                if (match.test(f)) {
                    return f;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame within {@code wait}, or null; not kept for the failure messages of {@link #await} (a long run's reader). */
    public JsonNode next(Duration wait) {
        try {
            return frames.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Every frame that arrives within {@code wait}. */
    public List<JsonNode> drain(Duration wait) {
        List<JsonNode> all = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                JsonNode f = frames.poll(left, TimeUnit.NANOSECONDS);
                if (f != null) {
                    history.add(f);
                    all.add(f);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return all;
    }

    public boolean closedByServer() {
        return closedByServer;
    }

    /** Waits up to {@code wait} for the server to close the connection; its close status, or -1 if still open. */
    public int awaitClose(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!closedByServer && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return closeStatus;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
}
