package org.salon.signaling.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.signaling.events.CallEventsOut;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A participant's presence in a conversation as everyone sees it: online (a session of theirs joined it, on any
 * instance, or was detached less than 30 s ago), in its call, and with which media (any of their sessions). Told
 * as a whole after each change, in the change's transaction, so the last event is always the truth.
 */
@ApplicationScoped
public class Presence {

    @Inject
    CallEventsOut events;

    /** Within the change's transaction: serializes changes of this participant's presence in the conversation. */
    public Uni<Void> lock(UUID conversation, String participant) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtext(:k))) l")
                .setParameter("k", conversation + "/" + participant).getSingleResult()).replaceWithVoid();
    }

    /** Within the change's transaction: the participant's presence now, as an event. */
    public Uni<Void> changed(UUID conversation, String participant) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                select exists (select 1 from signaling_session where participant_id = :p and conversations @> array[:c]),
                       count(cs.session) > 0, coalesce(bool_or(cs.audio), false), coalesce(bool_or(cs.video), false),
                       coalesce(bool_or(cs.screen), false)
                from call_session cs where cs.conversation_id = cast(:c as uuid) and cs.participant_id = :p""", Object[].class)
                .setParameter("p", participant).setParameter("c", conversation.toString()).getSingleResult())
                .chain(r -> events.presence(conversation, participant, (Boolean) r[0], (Boolean) r[1],
                        new Calls.Media((Boolean) r[2], (Boolean) r[3], (Boolean) r[4]), Instant.now().truncatedTo(ChronoUnit.MICROS)));
    }
}
