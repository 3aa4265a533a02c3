package org.salon.media.janus;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.salon.media.config.MediaConfig;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** {@link JanusTransport} over Janus's WebSocket API (subprotocol {@code janus-protocol}). */
public class WebSocketJanusTransport implements JanusTransport {
    private static final Logger LOG = Logger.getLogger(WebSocketJanusTransport.class);

    private final Vertx vertx;
    private final String node;
    private final String url;
    private final MediaConfig config;
    private final WebSocketClient client;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<JsonObject>> eventListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Link>> linkListeners = new CopyOnWriteArrayList<>();

    private volatile WebSocket socket;
    private volatile long sessionId;
    private volatile long claim;
    private volatile Link link = Link.CONNECTING;
    private volatile long lastAnswerNanos = System.nanoTime();
    private volatile boolean closed;
    private long keepaliveTimer = -1;
    private long reconnectDelay;

    private record Pending(UniEmitter<? super JsonObject> emitter, boolean ackAnswers) {
    }

    public WebSocketJanusTransport(Vertx vertx, String node, String url, MediaConfig config) {
        this.vertx = vertx;
        this.node = node;
        this.url = url;
        this.config = config;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) config.requestTimeout().toMillis())
                .setMaxFrameSize(1 << 20).setMaxMessageSize(4 << 20));
        this.reconnectDelay = 100;
    }

    @Override
    public void open(long claim) {
        this.claim = claim;
        connect();
    }

    @Override
    public long session() {
        return sessionId;
    }

    private void connect() {
        if (closed) {
            return;
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(url).addSubProtocol("janus-protocol");
        client.connect(options).onSuccess(ws -> {
            socket = ws;
            ws.textMessageHandler(this::onText);
            ws.closeHandler(v -> lost(ws, "connection closed"));
            ws.exceptionHandler(e -> lost(ws, e.getMessage()));
            lastAnswerNanos = System.nanoTime();
            long reclaim = claim;
            claim = 0; // claimed once, at the start: a later reconnection's calls have moved away already
            Uni<Long> session = reclaim == 0 ? create()
                    : send(new JsonObject().put("janus", "claim").put("session_id", reclaim), false).map(claimed -> reclaim)
                            .onFailure(JanusException.class).recoverWithUni(gone -> {
                                LOG.infof("janus node %s: session %d not claimed (%s)", node, reclaim, gone.getMessage());
                                return create();
                            });
            session.subscribe().with(id -> {
                sessionId = id;
                reconnectDelay = 100;
                startKeepalive();
                setLink(Link.UP);
                LOG.infof("janus node %s: session %d on %s%s", node, id, url, id == reclaim ? " (claimed back)" : "");
            }, failure -> lost(ws, "session not created: " + failure.getMessage()));
        }).onFailure(e -> lost(null, e.getMessage()));
    }

    private Uni<Long> create() {
        return send(new JsonObject().put("janus", "create"), false).map(answer -> answer.getJsonObject("data").getLong("id"));
    }

    private void startKeepalive() {
        stopKeepalive();
        keepaliveTimer = vertx.setPeriodic(config.keepaliveInterval().toMillis(), id -> {
            WebSocket ws = socket;
            if (millisSinceLastAnswer() > config.failAfter().toMillis()) {
                lost(ws, "no answer for " + millisSinceLastAnswer() + " ms");
                return;
            }
            request(new JsonObject().put("janus", "keepalive")).subscribe().with(ok -> {
            }, failure -> LOG.debugf("janus node %s: keepalive failed: %s", node, failure.getMessage()));
        });
    }

    private void stopKeepalive() {
        if (keepaliveTimer >= 0) {
            vertx.cancelTimer(keepaliveTimer);
            keepaliveTimer = -1;
        }
    }

    /** The link is gone: fail what waits, mark the node, try again with growing pauses. */
    private synchronized void lost(WebSocket which, String reason) {
        if (which != null && which != socket) {
            return; // an older socket's late close
        }
        WebSocket ws = socket;
        socket = null;
        sessionId = 0;
        stopKeepalive();
        if (ws != null && !ws.isClosed()) {
            ws.close();
        }
        pending.forEach((tx, p) -> p.emitter().fail(new JanusException(0, "janus node " + node + " lost: " + reason)));
        pending.clear();
        if (link != Link.DOWN) {
            LOG.warnf("janus node %s failed: %s", node, reason);
        }
        setLink(Link.DOWN);
        if (!closed) {
            long delay = reconnectDelay;
            reconnectDelay = Math.min(reconnectDelay * 2, config.maxReconnectDelay().toMillis());
            vertx.setTimer(delay, id -> connect());
        }
    }

    @Override
    public Uni<JsonObject> request(JsonObject message) {
        if (link != Link.UP) {
            return Uni.createFrom().failure(new JanusException(0, "janus node " + node + " is not connected"));
        }
        JsonObject m = message.copy();
        if (!m.containsKey("session_id")) {
            m.put("session_id", sessionId);
        }
        // keepalives and trickles are answered with an ack and nothing more
        return send(m, "keepalive".equals(m.getString("janus")) || "trickle".equals(m.getString("janus")));
    }

    private Uni<JsonObject> send(JsonObject message, boolean ackAnswers) {
        WebSocket ws = socket;
        if (ws == null) {
            return Uni.createFrom().failure(new JanusException(0, "janus node " + node + " is not connected"));
        }
        String transaction = UUID.randomUUID().toString();
        message.put("transaction", transaction).put("apisecret", config.apiSecret());
        return Uni.createFrom().<JsonObject> emitter(emitter -> {
            pending.put(transaction, new Pending(emitter, ackAnswers));
            ws.writeTextMessage(message.encode()).onFailure(e -> {
                Pending p = pending.remove(transaction);
                if (p != null) {
                    p.emitter().fail(new JanusException(0, e.getMessage()));
                }
            });
        }).ifNoItem().after(config.requestTimeout()).failWith(() -> new JanusException(0, "janus node " + node + " did not answer"))
                .onTermination().invoke(() -> pending.remove(transaction));
    }

    private void onText(String text) {
        lastAnswerNanos = System.nanoTime();
        JsonObject m;
        try {
            m = new JsonObject(text);
        } catch (RuntimeException e) {
            LOG.warnf("janus node %s sent something that is not JSON", node);
            return;
        }
        String janus = m.getString("janus", "");
        String transaction = m.getString("transaction");
        Pending p = transaction == null ? null : pending.get(transaction);
        if (p != null && !("ack".equals(janus) && !p.ackAnswers())) {
            pending.remove(transaction);
            JanusException error = errorOf(m);
            if (error != null) {
                p.emitter().fail(error);
            } else {
                p.emitter().complete(m);
            }
            return;
        }
        if (p == null && !"ack".equals(janus)) {
            eventListeners.forEach(l -> l.accept(m));
        }
    }

    /** Janus's own errors, and the plugin's errors inside a successful answer. */
    static JanusException errorOf(JsonObject m) {
        if ("error".equals(m.getString("janus"))) {
            JsonObject e = m.getJsonObject("error", new JsonObject());
            return new JanusException(e.getInteger("code", 0), e.getString("reason", "unknown error"));
        }
        JsonObject data = m.getJsonObject("plugindata", new JsonObject()).getJsonObject("data", new JsonObject());
        if (data.containsKey("error")) {
            return new JanusException(data.getInteger("error_code", 0), data.getString("error"));
        }
        return null;
    }

    @Override
    public void onEvent(Consumer<JsonObject> listener) {
        eventListeners.add(listener);
    }

    @Override
    public void onLinkChange(Consumer<Link> listener) {
        linkListeners.add(listener);
    }

    private void setLink(Link next) {
        Link previous = link;
        link = next;
        if (previous != next) {
            linkListeners.forEach(l -> l.accept(next));
        }
    }

    @Override
    public Link link() {
        return link;
    }

    @Override
    public long millisSinceLastAnswer() {
        return (System.nanoTime() - lastAnswerNanos) / 1_000_000;
    }

    @Override
    public void close() {
        closed = true;
        stopKeepalive();
        WebSocket ws = socket;
        if (ws != null) {
            ws.close();
        }
        client.close();
    }
}
