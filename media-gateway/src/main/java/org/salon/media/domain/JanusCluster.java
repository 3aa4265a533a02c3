package org.salon.media.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.salon.media.config.MediaConfig;
import org.salon.media.janus.WebSocketJanusTransport;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/** The Janus nodes media-gateway drives, and where a new call goes. */
@ApplicationScoped
public class JanusCluster {
    private final Map<String, JanusNode> nodes = new ConcurrentSkipListMap<>();

    @Inject
    Vertx vertx;

    @Inject
    MediaConfig config;

    void start(@Observes StartupEvent startup) {
        for (String entry : config.nodes()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("salon.media.nodes entry '" + entry + "' is not name=ws://host:port");
            }
            add(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
    }

    /** Adds a node and connects to it; also the way to grow the cluster without a restart. */
    public JanusNode add(String name, String url) {
        JanusNode node = new JanusNode(name, url, new WebSocketJanusTransport(vertx, name, url, config));
        if (nodes.putIfAbsent(name, node) != null) {
            throw new IllegalArgumentException("a Janus node named " + name + " exists already");
        }
        node.transport().open();
        return node;
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
