package org.salon.signaling.domain;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.salon.signaling.config.SignalingConfig;
import org.salon.signaling.events.TopicPositions;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * How sessions leave this instance. A client that says goodbye (close 1000 or 1001) ends its session at once: out
 * of its calls and conversations. Any other close (a dropped network, an expired token) detaches it: still online,
 * still in its calls, resumable on any instance for {@code resume-window}, after which any instance ends it. A
 * resume elsewhere detaches it here and closes the old connection (4409).
 */
@ApplicationScoped
public class Departures {
    private static final Logger LOG = Logger.getLogger(Departures.class);
    /** The close code of a connection whose session was resumed by another connection (docs/protocol.md). */
    public static final int RESUMED_ELSEWHERE = 4409;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Sessions sessions;

    @Inject
    TopicPositions positions;

    @Inject
    SignalingConfig config;

    @Inject
    Vertx vertx;

    void start(@Observes StartupEvent started) {
        vertx.setPeriodic(config.heartbeat().toMillis(), id -> inBackground("heartbeat", () -> sessions.heartbeat(positions.now())));
        vertx.setPeriodic(config.heartbeat().toMillis() * 2, id -> inBackground("expiry", () -> sessions.expire().invoke(n -> {
            if (n > 0) {
                LOG.infof("%d sessions not resumed in time ended", n);
            }
        }).replaceWithVoid()));
    }

    /** The session's connection closed. */
    public Uni<Void> closed(Session session, CloseReason reason) {
        if (session.id() == null || !session.leaves()) {
            subscriptions.disconnected(session);
            return Uni.createFrom().voidItem();
        }
        int code = reason == null ? CloseReason.ABNORMAL.getCode() : reason.getCode();
        if (code == CloseReason.NORMAL.getCode() || code == 1001 || code == 4403) {
            subscriptions.disconnected(session);
            return sessions.end(session.id(), session.participant(), String.join(" ", session.conversations()));
        }
        return detach(session);
    }

    /** Another instance (or connection) resumes this session: detach it here, then close its old connection. */
    void takenOver(String id) {
        Session session = subscriptions.byId(id);
        if (session == null || !session.leaves()) {
            return;
        }
        inBackground("handing over session " + id, () -> detach(session)
                .chain(() -> session.connection().close(new CloseReason(RESUMED_ELSEWHERE, "This session was resumed elsewhere"))));
    }

    private Uni<Void> detach(Session session) {
        return sessions.detached(session, positions.detach(session, subscriptions::disconnected));
    }

    /** Work with the database off a request (timers, notifications): on a context of its own, failures logged. */
    public void inBackground(String what, Supplier<Uni<Void>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(v -> work.get().subscribe().with(ok -> {
        }, failure -> LOG.warnf("%s failed: %s", what, failure.getMessage())));
    }
}
