package org.salon.media.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.salon.media.config.MediaConfig;
import org.salon.media.janus.JanusTransport;
import org.salon.media.janus.WebSocketJanusTransport;
import org.salon.platform.problem.ProblemException;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** The Janus nodes media-gateway drives, and where a new call goes. */
@ApplicationScoped
public class JanusCluster {
    private final Map<String, JanusNode> nodes = new ConcurrentSkipListMap<>();
    private final List<Consumer<JanusNode>> failureListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<JanusNode, JsonObject>> eventListeners = new CopyOnWriteArrayList<>();

    @Inject
    Vertx vertx;

    @Inject
    MediaConfig config;

    @Inject
    NodeRegistry registry;

    @Inject
    CallStore calls;

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9-]{1,32}");

    /** Connects every node, claiming back the Janus sessions this instance's calls live in. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent startup) {
        Map<String, Long> claims = calls.janusSessions();
        for (String entry : config.nodes()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("salon.media.nodes entry '" + entry + "' is not name=ws://host:port");
            }
            String name = entry.substring(0, eq).strip();
            connect(name, entry.substring(eq + 1).strip(), claims.getOrDefault(name, 0L));
        }
        registry.all().forEach(saved -> {
            if (!nodes.containsKey(saved.name())) {
                connect(saved.name(), saved.url(), claims.getOrDefault(saved.name(), 0L)).drain(saved.draining());
            }
        });
    }

    /** Adds a node without a restart; it is remembered for the next start. */
    public JanusNode add(String name, String url) {
        if (!NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("A node name is 1 to 32 of a-z, 0-9 and '-'");
        }
        if (!url.matches("wss?://[^\\s/]+(:\\d+)?/?")) {
            throw ProblemException.badRequest("A node URL is ws://host:port or wss://host:port");
        }
        if (nodes.containsKey(name)) {
            throw ProblemException.conflict("A Janus node named " + name + " exists already");
        }
        registry.save(name, url, false);
        return connect(name, url, 0);
    }

    public JanusNode node(String name) {
        JanusNode node = nodes.get(name);
        if (node == null) {
            throw ProblemException.notFound("No Janus node " + name);
        }
        return node;
    }

    /** Puts a node in or out of draining; remembered for the next start. */
    public JanusNode drain(String name, boolean draining) {
        JanusNode node = node(name);
        node.drain(draining);
        registry.save(name, node.url(), draining);
        return node;
    }

    /**
     * Takes a node out of the cluster (its calls move, as when it fails) and forgets it; a node from
     * {@code salon.media.nodes} comes back at the next start unless it is taken out of the config too.
     */
    public void remove(String name) {
        JanusNode node = node(name);
        nodes.remove(name);
        registry.forget(name);
        node.transport().close();
        failureListeners.forEach(l -> l.accept(node));
    }

    private JanusNode connect(String name, String url, long claim) {
        JanusNode node = new JanusNode(name, url, new WebSocketJanusTransport(vertx, name, url, config));
        nodes.put(name, node);
        node.transport().onEvent(event -> eventListeners.forEach(l -> l.accept(node, event)));
        node.transport().onLinkChange(link -> {
            if (link == JanusTransport.Link.DOWN) {
                failureListeners.forEach(l -> l.accept(node));
            }
        });
        node.transport().open(claim);
        return node;
    }

    /** Told of Janus's events on any node (webrtcup, hangup, media, plugin events). */
    public void onNodeEvent(BiConsumer<JanusNode, JsonObject> listener) {
        eventListeners.add(listener);
    }

    /** Told when a node fails (its calls must move). */
    public void onNodeFailed(Consumer<JanusNode> listener) {
        failureListeners.add(listener);
    }

    public Collection<JanusNode> nodes() {
        return nodes.values();
    }

    /** The least-loaded operational node, for a new call. */
    public Optional<JanusNode> forNewCall() {
        return nodes.values().stream().filter(n -> n.state() == JanusNode.State.OPERATIONAL)
                .min(Comparator.comparingInt(JanusNode::load).thenComparing(JanusNode::name));
    }

    @PreDestroy
    void stop() {
        nodes.values().forEach(n -> n.transport().close());
    }
}
