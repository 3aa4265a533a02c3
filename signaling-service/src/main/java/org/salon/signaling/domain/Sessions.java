package org.salon.signaling.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.salon.signaling.config.SignalingConfig;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Sessions as every instance sees them (table signaling_session): which conversations each joined, and, once its
 * connection closed, where it was in the event topics, kept {@code resumeWindow} for a resume on any instance.
 * Joining and leaving change the participant's presence (online) in the conversation.
 */
@ApplicationScoped
public class Sessions {
    private static final Logger LOG = Logger.getLogger(Sessions.class);
    private static final TypeReference<Map<String, Long>> POSITIONS = new TypeReference<>() {
    };
    private static final TypeReference<List<Session.Numbered>> RECENT = new TypeReference<>() {
    };

    @Inject
    SignalingConfig config;

    @Inject
    Presence presence;

    @Inject
    Calls calls;

    @Inject
    ObjectMapper json;

    /**
     * What a resumed session had: its conversations, where to replay its missed events from, and the number of the
     * last event frame it was sent with the last ones sent.
     */
    public record Resumed(List<String> conversations, Map<String, Long> positions, long lastSeq, List<Session.Numbered> recent) {
    }

    /** The answer of {@link #resume}: resumed, or why not. */
    public sealed interface Resume {
    }

    public record Taken(Resumed session) implements Resume {
    }

    /** Its connection is still open on {@code instance}: ask that instance to let it go, then try again. */
    public record StillAttached(String instance) implements Resume {
    }

    public record Unknown() implements Resume {
    }

    public Uni<Void> started(Session session) {
        return Panache.withTransaction(() -> Sql.update("insert into signaling_session (session, participant_id, instance) values (:s, :p, :i)",
                Map.of("s", session.id(), "p", session.participant(), "i", config.instance()))).replaceWithVoid();
    }

    /** The session joined a conversation: the participant is online in it. */
    public Uni<Void> joined(Session session, UUID conversation) {
        return Panache.withTransaction(() -> presence.lock(conversation, session.participant()).chain(() -> Sql.update("""
                update signaling_session set conversations = array_append(conversations, :c)
                where session = :s and not (conversations @> array[:c])""", Map.of("c", conversation.toString(), "s", session.id())))
                .chain(rows -> rows == 0 ? Uni.createFrom().voidItem() : presence.changed(conversation, session.participant())));
    }

    /** The session left a conversation: the participant is offline in it unless another session of theirs is there. */
    public Uni<Void> left(String session, String participant, UUID conversation) {
        return Panache.withTransaction(() -> presence.lock(conversation, participant).chain(() -> Sql.update("""
                update signaling_session set conversations = array_remove(conversations, :c)
                where session = :s and conversations @> array[:c]""", Map.of("c", conversation.toString(), "s", session)))
                .chain(rows -> rows == 0 ? Uni.createFrom().voidItem() : presence.changed(conversation, participant)));
    }

    /** Who has a session in the conversation now, on any instance (detached ones count until they expire). */
    public Uni<Set<String>> online(UUID conversation) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select distinct participant_id from signaling_session where conversations @> array[:c]", String.class)
                .setParameter("c", conversation.toString()).getResultList())).map(Set::copyOf);
    }

    /** The connection closed: kept, with where it was in the topics, for a resume; still online, still in its calls. */
    public Uni<Void> detached(Session session, Map<String, Long> positions) {
        return Panache.withTransaction(() -> Sql.update("""
                update signaling_session set detached_at = now(), positions = :positions, last_seq = :seq,
                    recent = :recent
                where session = :s and instance = :i""", Map.of("s", session.id(), "i", config.instance(), "positions", write(positions),
                "seq", session.seq(), "recent", write(session.recent()))))
                .replaceWithVoid();
    }

    /**
     * Takes over a session of the same participant for this instance if it is detached (or its instance stopped saying
     * it is alive) and not yet expired: its calls now run through this instance.
     */
    public Uni<Resume> resume(String session, String participant) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                select ss.instance, ss.detached_at is not null, array_to_string(ss.conversations, ' '), ss.positions,
                       coalesce(i.seen_at < now() - (:dead * interval '1 millisecond'), true), i.positions,
                       ss.last_seq, ss.recent
                from signaling_session ss left join signaling_instance i on i.instance = ss.instance
                where ss.session = :s and ss.participant_id = :p
                  and (ss.detached_at is null or ss.detached_at > now() - (:window * interval '1 millisecond'))
                for update of ss""", Object[].class).setParameter("s", session).setParameter("p", participant)
                .setParameter("dead", config.instanceDeadAfter().toMillis())
                .setParameter("window", config.resumeWindow().toMillis()).getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(new Unknown());
                    }
                    Object[] r = rows.get(0);
                    boolean detached = (Boolean) r[1];
                    boolean instanceDead = (Boolean) r[4];
                    if (!detached && !instanceDead) {
                        return Uni.createFrom().item(new StillAttached((String) r[0]));
                    }
                    // a dead instance left no positions of its own: its last heartbeat's (a few events may come twice)
                    Map<String, Long> positions = read(detached ? (String) r[3] : (String) r[5], POSITIONS, Map.of());
                    List<Session.Numbered> recent = read((String) r[7], RECENT, List.of());
                    List<String> conversations = List.of(((String) r[2]).split(" ")).stream().filter(c -> !c.isEmpty()).toList();
                    return Sql.update("""
                            update signaling_session set instance = :i, detached_at = null, positions = null, recent = null
                            where session = :s""",
                            Map.of("i", config.instance(), "s", session))
                            .chain(() -> Sql.update("update call_session set instance = :i where session = :s", Map.of("i", config.instance(), "s", session)))
                            .map(done -> (Resume) new Taken(new Resumed(conversations, positions, ((Number) r[6]).longValue(), recent)));
                }));
    }

    /** This instance is alive and has read the event topics up to {@code positions}. */
    public Uni<Void> heartbeat(Map<String, Long> positions) {
        return Panache.withTransaction(() -> Sql.update("""
                insert into signaling_instance (instance, seen_at, positions) values (:i, now(), :p)
                on conflict (instance) do update set seen_at = now(), positions = excluded.positions""",
                Map.of("i", config.instance(), "p", write(positions)))).replaceWithVoid();
    }

    /**
     * Sessions nobody resumed in time (detached, or on an instance that stopped): out of their calls and
     * conversations, for good. Any instance does it; each session once.
     */
    public Uni<Integer> expire() {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                select ss.session, ss.participant_id, array_to_string(ss.conversations, ' ')
                from signaling_session ss left join signaling_instance i on i.instance = ss.instance
                where ss.detached_at < now() - (:window * interval '1 millisecond')
                   or (ss.detached_at is null and coalesce(i.seen_at, '-infinity') < now() - (:window * interval '1 millisecond'))
                limit 200""", Object[].class)
                .setParameter("window", config.resumeWindow().toMillis()).getResultList()))
                .chain(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Object[] r : rows) {
                        all = all.chain(() -> end((String) r[0], (String) r[1], (String) r[2]));
                    }
                    return all.replaceWith(rows.size());
                });
    }

    /** A session is over (closed for good, or expired): out of its calls, then of its conversations. */
    public Uni<Void> end(String session, String participant, String conversations) {
        Uni<Void> out = calls.leaveAll(session);
        for (String c : conversations.split(" ")) {
            if (!c.isEmpty()) {
                out = out.chain(() -> left(session, participant, UUID.fromString(c)));
            }
        }
        return out.chain(() -> Panache.withTransaction(() -> Sql.update("delete from signaling_session where session = :s", Map.of("s", session))))
                .invoke(() -> LOG.debugf("session %s ended", session)).replaceWithVoid();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String value, TypeReference<T> type, T none) {
        try {
            return value == null ? none : json.readValue(value, type);
        } catch (Exception e) {
            LOG.warnf("unreadable session state (%s): %s", type.getType(), e.getMessage());
            return none;
        }
    }
}
