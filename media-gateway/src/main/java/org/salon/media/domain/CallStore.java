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
 * This gateway instance's calls as they stand (table {@code media_call}), read back when it starts again, and how
 * far the requests that made them were handled (table {@code media_request_position}, written in the same
 * transaction): a restart reads requests on from there, none twice. Writes leave the caller's thread
 * (Janus's answers arrive on the event loop) and go one at a time, in the order asked, so a call's last state is the
 * one saved.
 */
@ApplicationScoped
public class CallStore {
    private static final ConversationLog LOG = ConversationLog.of(CallStore.class);

    /** A call as saved: where it lives, in which of this instance's Janus sessions, and its {@link CallRoom#state()}. */
    public record SavedCall(String conversation, String node, long janusSession, JsonObject state) {
    }

    private static final String POSITION = "insert into media_request_position (kafka_partition, next_offset) values (?, ?) "
            + "on conflict (kafka_partition) do update set next_offset = greatest(media_request_position.next_offset, excluded.next_offset)";
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "media-call-store"));

    @Inject
    AgroalDataSource db;

    @Inject
    MediaConfig config;

    /** The call as it stands after {@code request} (null: after an event of Janus's). */
    void save(CallRoom call, RequestPosition request) {
        String state = call.state().encode();
        long janusSession = call.node.transport().session();
        write(call.conversation, request, "insert into media_call (conversation, instance, node, janus_session, state) values (?, ?, ?, ?, ?::jsonb) "
                + "on conflict (conversation) do update set instance = excluded.instance, node = excluded.node, "
                + "janus_session = excluded.janus_session, state = excluded.state, updated_at = now()", s -> {
                    s.setString(1, call.conversation);
                    s.setString(2, config.instance());
                    s.setString(3, call.node.name());
                    s.setLong(4, janusSession);
                    s.setString(5, state);
                });
    }

    void forget(String conversation, RequestPosition request) {
        write(conversation, request, "delete from media_call where conversation = ?", s -> s.setString(1, conversation));
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

    /** Where each salon.media partition's requests were handled up to: the next offset to handle. */
    public Map<Integer, Long> requestPositions() {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select kafka_partition, next_offset from media_request_position");
                ResultSet r = s.executeQuery()) {
            Map<Integer, Long> positions = new HashMap<>();
            while (r.next()) {
                positions.put(r.getInt(1), r.getLong(2));
            }
            return positions;
        } catch (SQLException e) {
            throw new IllegalStateException("media_request_position not readable: " + e.getMessage(), e);
        }
    }

    /** A partition's requests are read from {@code offset} on (none of it handled yet): a restart goes on from there. */
    public void requestsStartAt(int partition, long offset) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("insert into media_request_position "
                + "(kafka_partition, next_offset) values (?, ?) on conflict (kafka_partition) do update set next_offset = excluded.next_offset")) {
            s.setInt(1, partition);
            s.setLong(2, offset);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("media_request_position not writable: " + e.getMessage(), e);
        }
    }

    private void write(String conversation, RequestPosition request, String sql, Parameters parameters) {
        writer.execute(() -> {
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                c.setAutoCommit(false);
                try {
                    parameters.set(s);
                    s.executeUpdate();
                    if (request != null) {
                        try (PreparedStatement position = c.prepareStatement(POSITION)) {
                            position.setInt(1, request.partition());
                            position.setLong(2, request.offset() + 1);
                            position.executeUpdate();
                        }
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
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
