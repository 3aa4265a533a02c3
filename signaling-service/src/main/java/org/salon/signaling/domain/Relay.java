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
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * What passes between instances without being stored, through PostgreSQL's NOTIFY: typing and speaking
 * indicators (one that is lost is simply not shown; not Kafka, not a table), and a resuming client's request that
 * the instance still holding its session let it go.
 */
@ApplicationScoped
public class Relay {
    private static final Logger LOG = Logger.getLogger(Relay.class);
    private static final String INDICATORS = "salon_indicators";
    private static final String TAKEOVER = "salon_session_takeover";

    @Inject
    Pool db;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Departures departures;

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
        subscriber.channel(INDICATORS).handler(this::indicate);
        subscriber.channel(TAKEOVER).handler(departures::takenOver);
        subscriber.connect().subscribe().with(ok -> LOG.debug("listening for indicators and takeovers"),
                failure -> LOG.warnf("indicators and resumes elsewhere unavailable until PostgreSQL answers: %s", failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /** An indicator frame (typing, speaking) for the conversation's other sessions, on every instance. */
    public void indicate(Session from, String conversation, ObjectNode frame) {
        ObjectNode signal = json.createObjectNode().put("from", from.id()).put("conversation", conversation);
        signal.set("frame", frame);
        notify(INDICATORS, signal.toString());
    }

    /** Asks whichever instance holds the session to detach it (its client came back elsewhere). */
    public void takeOver(String session) {
        notify(TAKEOVER, session);
    }

    private void notify(String channel, String payload) {
        db.preparedQuery("select pg_notify($1, $2)").execute(Tuple.of(channel, payload)).subscribe().with(ok -> {
        }, failure -> LOG.debugf("%s not relayed: %s", channel, failure.getMessage()));
    }

    private void indicate(String payload) {
        try {
            JsonNode signal = json.readTree(payload);
            subscriptions.push(signal.path("conversation").asText(), signal.path("frame").toString(), null, signal.path("from").asText());
        } catch (Exception e) {
            LOG.debugf("dropping an indicator that cannot be read: %s", e.getMessage());
        }
    }
}
