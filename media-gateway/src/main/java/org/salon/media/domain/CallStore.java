package org.salon.media.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.media.config.MediaConfig;
import org.salon.platform.logging.ConversationLog;

import io.agroal.api.AgroalDataSource;
import io.vertx.core.json.JsonObject;

/**
 * This gateway instance's calls as they stand (table {@code media_call}), read back when it starts again. Writes
 * leave the caller's thread (Janus's answers arrive on the event loop) and go one at a time, in the order asked, so
 * a call's last state is the one saved.
 */
@ApplicationScoped
public class CallStore {
    private static final ConversationLog LOG = ConversationLog.of(CallStore.class);

    /** A call as saved: where it lives, in which of this instance's Janus sessions, and its {@link CallRoom#state()}. */
    public record SavedCall(String conversation, String node, long janusSession, JsonObject state) {
    }

    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "media-call-store"));

    @Inject
    AgroalDataSource db;

    @Inject
    MediaConfig config;

    void save(CallRoom call) {
        String state = call.state().encode();
        long janusSession = call.node.transport().session();
        write(call.conversation, "insert into media_call (conversation, instance, node, janus_session, state) values (?, ?, ?, ?, ?::jsonb) "
                + "on conflict (conversation) do update set instance = excluded.instance, node = excluded.node, "
                + "janus_session = excluded.janus_session, state = excluded.state, updated_at = now()", s -> {
                    s.setString(1, call.conversation);
                    s.setString(2, config.instance());
                    s.setString(3, call.node.name());
                    s.setLong(4, janusSession);
                    s.setString(5, state);
                });
    }

    void forget(String conversation) {
        write(conversation, "delete from media_call where conversation = ?", s -> s.setString(1, conversation));
    }

    /** This instance's calls, as it left them. */
    List<SavedCall> mine() {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select conversation, node, janus_session, state from media_call where instance = ?")) {
            s.setString(1, config.instance());
            List<SavedCall> calls = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    calls.add(new SavedCall(r.getString(1), r.getString(2), r.getLong(3), new JsonObject(r.getString(4))));
                }
            }
            return calls;
        } catch (SQLException e) {
            throw new IllegalStateException("media_call not readable: " + e.getMessage(), e);
        }
    }

    /** The Janus session this instance had on each node: the one to claim back. */
    public Map<String, Long> janusSessions() {
        Map<String, Long> sessions = new HashMap<>();
        mine().forEach(call -> sessions.put(call.node(), call.janusSession()));
        return sessions;
    }

    private interface Parameters {
        void set(PreparedStatement s) throws SQLException;
    }

    private void write(String conversation, String sql, Parameters parameters) {
        writer.execute(() -> {
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                parameters.set(s);
                s.executeUpdate();
            } catch (SQLException e) {
                LOG.warn(conversation, "call not saved: %s", e.getMessage());
            }
        });
    }

    /** Lets the last writes finish: a clean stop leaves the calls as they are. */
    @PreDestroy
    void stop() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
