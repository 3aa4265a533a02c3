package org.salon.resilience;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.salon.testkit.SignalingClient;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A participant's signaling through the gateway that outlives its connections, as the web app's does: frames are
 * read on a thread of its own, and when the connection is lost it resumes the session, or, given a new one, starts
 * over ({@link #startOver}).
 */
abstract class GatewayClient implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    final String name;
    final ResilienceStack stack;
    final Supplier<String> token;
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger reconnects = new AtomicInteger();
    /** Of the reconnections, those because the token the connection was opened with expired (close 4401). */
    final AtomicInteger tokenRenewals = new AtomicInteger();
    final AtomicInteger resumed = new AtomicInteger();
    /** Connections given a new session instead of resuming theirs. */
    final AtomicInteger newSessions = new AtomicInteger();
    /** Frames that could not be handled because the connection died meanwhile (the reconnection deals with it). */
    final AtomicInteger interrupted = new AtomicInteger();
    private final Thread reader;
    private volatile boolean running = true;
    volatile SignalingClient socket;
    private String session;
    /** The last event frame's number in the session (the new connection of a resumed session numbers on). */
    private long seq;

    GatewayClient(ResilienceStack stack, String name, Supplier<String> token) {
        this.stack = stack;
        this.name = name;
        this.token = token;
        reader = new Thread(this::read, "client-" + name);
    }

    /** Records a problem, with when it happened. */
    void problem(String what) {
        problems.add(stack.moment() + " " + what);
    }

    /** Connects, says hello and starts over in the new session; then reads. Subclasses call it last in their constructor. */
    final void begin() {
        socket = connect();
        session = socket.hello().path("session").asText();
        startOver(false);
        reader.start();
    }

    /** What a new session does: join and catch up ({@code again}: not the first session). */
    abstract void startOver(boolean again);

    abstract void handle(JsonNode frame);

    private SignalingClient connect() {
        return new SignalingClient(URI.create(stack.gateway().replace("http", "ws") + "/ws"), token.get());
    }

    private void read() {
        while (running) {
            JsonNode frame = socket.next(POLL);
            try {
                if (frame != null) {
                    handle(frame);
                } else if (socket.closedByServer() && running) {
                    reconnect();
                }
            } catch (AssertionError e) {
                problem(name + ": " + e.getMessage());
            } catch (RuntimeException e) {
                // a frame answered as the connection died: the reconnection resumes or starts over, and the checks
                // see whether everything arrived
                interrupted.incrementAndGet();
            }
        }
    }

    /** Until it is back: resume the session, or failing that, a new one that starts over. */
    private void reconnect() {
        reconnects.incrementAndGet();
        if (socket.awaitClose(Duration.ZERO) == 4401) {
            tokenRenewals.incrementAndGet();
        }
        while (running) {
            seq = Math.max(seq, socket.lastSeq());
            try {
                socket = connect();
                JsonNode welcome = socket.resume(session, seq);
                if (welcome.path("resumed").asBoolean()) {
                    resumed.incrementAndGet();
                } else {
                    session = welcome.path("session").asText();
                    seq = 0;
                    newSessions.incrementAndGet();
                    startOver(true);
                }
                return;
            } catch (RuntimeException | AssertionError e) {
                // the gateway, signaling-service, or what it asks, is not back yet
                socket.abort();
                Fixtures.sleep(250);
            }
        }
    }

    /** Stops reading (waiting up to {@code wait} for what it is doing) and closes the connection after {@code goodbye}. */
    void close(Duration wait, Runnable goodbye) {
        running = false;
        try {
            reader.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        goodbye.run();
        socket.close();
    }
}
