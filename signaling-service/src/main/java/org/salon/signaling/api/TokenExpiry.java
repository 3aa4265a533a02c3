package org.salon.signaling.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.salon.platform.security.DisabledAccounts;
import org.salon.signaling.domain.Session;
import org.salon.signaling.events.LiveEventsIn;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;

/**
 * A token's expiry holds on the open socket too: the client reconnects with a fresh one (and resumes); so does the
 * disabling of its account. One sweep
 * for all connections rather than a timer each (idle sessions are what an instance holds most of), closing a
 * second before the expiry so that 4401, which says why, comes before Quarkus' own close at the expiry (1008).
 */
@ApplicationScoped
public class TokenExpiry {
    private static final Logger LOG = Logger.getLogger(TokenExpiry.class);
    /** The close code of a connection whose token expired (docs/protocol.md). */
    static final int TOKEN_EXPIRED = 4401;
    private static final long EARLY_MILLIS = 1000;
    private static final long SWEEP_MILLIS = 200;

    @Inject
    OpenConnections connections;

    @Inject
    Vertx vertx;

    void start(@Observes StartupEvent started) {
        vertx.setPeriodic(SWEEP_MILLIS, id -> sweep(System.currentTimeMillis() + EARLY_MILLIS));
    }

    /** A disabled account's token stops working on its open sockets too: 4403, access ended, as for a removed guest. */
    void disabled(@Observes DisabledAccounts.Disabled account) {
        for (WebSocketConnection c : connections) {
            Session session = SignalingEndpoint.sessionOf(c);
            if (session != null && session.participant().equals(account.userId())) {
                close(c, LiveEventsIn.ACCESS_ENDED, "Your account was disabled");
            }
        }
    }

    private void sweep(long deadline) {
        for (WebSocketConnection c : connections) {
            Session session = SignalingEndpoint.sessionOf(c);
            if (session != null && session.tokenExpiresAt() <= deadline) {
                close(c, TOKEN_EXPIRED, "Your token expired");
            }
        }
    }

    private static void close(WebSocketConnection c, int code, String reason) {
        if (!c.isClosed()) {
            c.close(new CloseReason(code, reason)).subscribe().with(ok -> {
            }, failure -> LOG.debugf("closing %s failed: %s", c.id(), failure.getMessage()));
        }
    }
}
