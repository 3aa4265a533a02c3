package org.salon.room.domain;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.salon.platform.problem.ProblemException;

import io.smallrye.mutiny.Uni;

/**
 * Who may do what in a conversation: its participants see it (guests only while it allows guests), its owners and
 * moderators change it. Changes lock the conversation's row, so concurrent changes to one conversation queue.
 */
@ApplicationScoped
public class Access {

    /** A conversation and the caller's place in it. */
    public record Place(Conversation conversation, Participant me) {
    }

    public Uni<Conversation> conversation(UUID id, boolean lock) {
        Uni<Conversation> found = lock ? Conversation.findById(id, LockModeType.PESSIMISTIC_WRITE) : Conversation.findById(id);
        return found.onItem().ifNull().failWith(() -> ProblemException.notFound("No conversation " + id));
    }

    public static Participant.Key key(UUID conversation, String participant) {
        Participant.Key k = new Participant.Key();
        k.conversationId = conversation;
        k.participantId = participant;
        return k;
    }

    public Uni<Participant> participant(UUID conversation, String id) {
        return Participant.findById(key(conversation, id));
    }

    /** The caller as a participant: 404 without the conversation, 403 if not in it (or a guest no longer allowed). */
    public Uni<Place> participantOf(UUID id, Caller caller, boolean lock) {
        return conversation(id, lock).chain(c -> participant(id, caller.id()).map(p -> {
            if (p == null) {
                throw ProblemException.forbidden(caller.guest() ? "You are no longer a guest of this conversation"
                        : "You are not a participant of this conversation");
            }
            if (p.isGuest() && !c.allowsGuests()) {
                throw ProblemException.forbidden("This conversation no longer allows guests");
            }
            return new Place(c, p);
        }));
    }

    /** The caller as the conversation's owner or moderator, its row locked for the change. */
    public Uni<Place> moderatorOf(UUID id, Caller caller, String action) {
        return participantOf(id, caller, true).invoke(place -> {
            if (!place.me().moderates()) {
                throw ProblemException.forbidden("Only the conversation's owners and moderators may " + action);
            }
        });
    }

    /** How many owners and moderators (users) the conversation has. */
    public Uni<Long> moderators(UUID conversation) {
        return Participant.count("conversationId = ?1 and role in ('owner', 'moderator') and kind = 'user'", conversation);
    }

    public Uni<Long> users(UUID conversation) {
        return Participant.count("conversationId = ?1 and kind = 'user'", conversation);
    }
}
