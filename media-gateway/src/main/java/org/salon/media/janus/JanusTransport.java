package org.salon.media.janus;

import java.util.function.Consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The one place that speaks Janus's API to one node: transactions, the gateway's Janus session,
 * keepalives, reconnection. Everything above works with requests and events, never with the socket.
 */
public interface JanusTransport extends AutoCloseable {

    /** Connection state as media-gateway's node model sees it. */
    enum Link {
        CONNECTING, UP, DOWN
    }

    /**
     * Connects and keeps the gateway's session alive until closed; reconnects by itself. The first connection claims
     * session {@code claim} back if Janus still holds it (a restarted gateway's, within Janus's
     * {@code reclaim_session_timeout}), with its handles and their PeerConnections; otherwise (or with 0) it creates
     * one, as every reconnection does.
     */
    void open(long claim);

    /** The gateway's Janus session on this node now; 0 while there is none. */
    long session();

    /**
     * Sends a request in the gateway's session (adding transaction, session id and secret) and completes with
     * Janus's answer: {@code success}, {@code event} or {@code ack} for keepalives; fails on {@code error} or timeout.
     */
    Uni<JsonObject> request(JsonObject message);

    /** Asynchronous messages from Janus (plugin events, webrtcup, media, hangup, slowlink, ...). */
    void onEvent(Consumer<JsonObject> listener);

    /** Called whenever the link changes. */
    void onLinkChange(Consumer<Link> listener);

    Link link();

    /** Milliseconds since Janus last answered anything; the health of the node. */
    long millisSinceLastAnswer();

    @Override
    void close();
}
