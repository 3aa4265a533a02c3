package org.salon.chat.domain;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.chat.events.ChatEventsOut;
import org.salon.platform.membership.Membership;
import org.salon.platform.problem.ProblemException;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * How far each participant has read. A marker only moves forward; each move is an event, from which room-service
 * counts unread messages. Posting moves the author's own marker (room-service sees that from the post itself).
 */
@ApplicationScoped
public class ReadMarkers {
    /** How a marker is written: insert, or move forward (never back). */
    static final String FORWARD_ONLY = """
            on conflict (conversation_id, participant_id) do update set message_id = excluded.message_id, seq = excluded.seq
            where read_marker.seq < excluded.seq""";

    @Inject
    Membership membership;

    @Inject
    ChatEventsOut events;

    /** Where a participant has read to, and where everyone in the conversation has (the least of them). */
    public record ReadState(long messageId, long seq, long everyoneMessageId, long everyoneSeq) {
    }

    /** Marks the conversation read up to this message (of this conversation); earlier messages change nothing. */
    public Uni<ReadState> read(UUID conversation, String reader, long messageId) {
        return membership.of(conversation, reader).map(Membership.Place::outOfLobby)
                .chain(place -> Panache.withTransaction(() -> Message.<Message>findById(messageId).chain(m -> {
                    if (m == null || !m.conversationId.equals(conversation)) {
                        throw ProblemException.badRequest("No message " + messageId + " in this conversation");
                    }
                    return advance(m, reader).call(moved -> moved ? events.read(conversation, reader, m) : Uni.createFrom().voidItem());
                })))
                .chain(moved -> state(conversation, reader));
    }

    /** Moves the participant's marker to this message if it is further; true if it moved. */
    Uni<Boolean> advance(Message m, String participant) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                insert into read_marker (conversation_id, participant_id, message_id, seq) values (:c, :p, :id, :seq)
                """ + FORWARD_ONLY).setParameter("c", m.conversationId).setParameter("p", participant)
                .setParameter("id", m.id).setParameter("seq", m.seq).executeUpdate()).map(rows -> rows > 0);
    }

    public Uni<ReadState> get(UUID conversation, String reader) {
        return membership.of(conversation, reader).chain(place -> state(conversation, reader));
    }

    /** "Everyone": the least marker among the conversation's current participants (0 while one has read nothing). */
    private Uni<ReadState> state(UUID conversation, String reader) {
        return membership.participants(conversation).chain(participants -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("""
                        select coalesce(max(case when participant_id = :me then message_id end), 0),
                               coalesce(max(case when participant_id = :me then seq end), 0),
                               case when count(*) < :everyone then 0 else min(seq) end
                        from read_marker where conversation_id = :c and participant_id in (:all)""", Object[].class)
                        .setParameter("me", reader).setParameter("c", conversation).setParameter("everyone", (long) participants.size())
                        .setParameter("all", participants.stream().map(Membership.Participant::participantId).toList())
                        .getSingleResult()
                        .chain(row -> {
                            long everyoneSeq = ((Number) row[2]).longValue();
                            return (everyoneSeq == 0 ? Uni.createFrom().item(0L) : s.createNativeQuery(
                                    "select id from message where conversation_id = :c and seq = :seq", Long.class)
                                    .setParameter("c", conversation).setParameter("seq", everyoneSeq).getSingleResult())
                                    .map(everyoneId -> new ReadState(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                                            everyoneId, everyoneSeq));
                        }))));
    }
}
