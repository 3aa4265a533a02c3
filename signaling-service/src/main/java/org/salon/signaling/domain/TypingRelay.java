package org.salon.signaling.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Typing indicators reach every instance's connections to the conversation through PostgreSQL's NOTIFY: they are
 * ephemeral, so nothing stores them (not Kafka, not a table); one that is lost is simply not shown.
 */
@ApplicationScoped
public class TypingRelay {
    private static final Logger LOG = Logger.getLogger(TypingRelay.class);
    private static final String CHANNEL = "salon_typing";

    @Inject
    Pool db;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @Inject
    Subscriptions subscriptions;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private PgSubscriber subscriber;

    void start(@Observes StartupEvent started) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(this::deliver);
        subscriber.connect().subscribe().with(ok -> LOG.debug("listening for typing indicators"),
                failure -> LOG.warnf("typing indicators unavailable until PostgreSQL answers: %s", failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /** Tells the conversation's other connections (on every instance) that this participant types, or stopped. */
    public void typing(WebSocketConnection from, String conversation, String participant, String name, boolean typing) {
        ObjectNode frame = json.createObjectNode().put("type", "typing").put("conversation", conversation).put("participant", participant)
                .put("name", name).put("typing", typing);
        ObjectNode signal = json.createObjectNode().put("from", from.id());
        signal.set("frame", frame);
        db.preparedQuery("select pg_notify($1, $2)").execute(Tuple.of(CHANNEL, signal.toString())).subscribe().with(ok -> {
        }, failure -> LOG.debugf("typing not relayed: %s", failure.getMessage()));
    }

    private void deliver(String payload) {
        try {
            JsonNode signal = json.readTree(payload);
            JsonNode frame = signal.path("frame");
            String text = frame.toString();
            String from = signal.path("from").asText();
            subscriptions.members(frame.path("conversation").asText()).stream().filter(c -> !c.id().equals(from))
                    .forEach(c -> c.sendText(text).subscribe().with(ok -> {
                    }, failure -> LOG.debugf("typing to %s failed: %s", c.id(), failure.getMessage())));
        } catch (Exception e) {
            LOG.debugf("dropping a typing signal that cannot be read: %s", e.getMessage());
        }
    }
}
