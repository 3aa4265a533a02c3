package org.salon.room.domain;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.platform.logging.ConversationLog;
import org.salon.platform.membership.Permission;
import org.salon.platform.problem.ProblemException;
import org.salon.room.events.ConversationEventsOut;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Who is in a conversation and with which role and permissions. A conversation always keeps an owner or moderator:
 * the last one hands over before leaving or stepping down (unless they are the last user, whose leaving deletes it).
 */
@ApplicationScoped
public class Participants {
    private static final ConversationLog LOG = ConversationLog.of(Participants.class);

    @Inject
    ConversationEventsOut events;

    @Inject
    DirectoryView directory;

    @Inject
    Access access;

    Uni<Void> add(Conversation c, String id, String kind, String role, String displayName, String by, boolean selfJoined) {
        Participant p = new Participant();
        p.conversationId = c.id;
        p.participantId = id;
        p.kind = kind;
        p.role = role;
        p.displayName = displayName;
        p.selfJoined = selfJoined;
        p.readSeq = c.lastSeq;
        p.joinedAt = Conversations.now();
        return p.persist().chain(() -> events.participantAdded(p, by));
    }

    Uni<Void> addUsers(Conversation c, List<DirectoryView.KnownUser> users, String by) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (var u : users) {
            all = all.chain(() -> add(c, u.id().toString(), "user", Participant.MEMBER, u.displayName(), by, false));
        }
        return all;
    }

    /** A conversation and everyone in it. */
    public record Roster(Conversation conversation, List<Participant> participants) {
    }

    /** Everyone in the conversation, as its participants (and its guests) may see them. */
    public Uni<Roster> list(UUID id, Caller caller) {
        return Panache.withSession(() -> access.participantOf(id, caller, false)
                .chain(place -> Participant.<Participant>list("conversationId = ?1 order by joinedAt, participantId", id)
                        .map(all -> new Roster(place.conversation(), all))));
    }

    /** Adds directory users (known, enabled, not yet in) as members; moderators only; never to a one-to-one. */
    public Uni<List<DirectoryView.KnownUser>> addUsers(UUID id, Caller by, List<UUID> ids) {
        if (ids == null || ids.isEmpty()) {
            throw ProblemException.badRequest("Name at least one user to add");
        }
        if (ids.stream().distinct().count() != ids.size()) {
            throw ProblemException.badRequest("A user is listed twice");
        }
        return Panache.withTransaction(() -> access.moderatorOf(id, by, "add participants").chain(place -> {
            Conversation c = place.conversation();
            if (c.type == ConversationType.ONE_TO_ONE) {
                throw ProblemException.badRequest("A one-to-one conversation has exactly two participants");
            }
            return Participant.<Participant>list("conversationId = ?1 and participantId in ?2", id,
                    ids.stream().map(UUID::toString).toList()).chain(already -> {
                        if (!already.isEmpty()) {
                            throw ProblemException.conflict("Already participants: "
                                    + String.join(", ", already.stream().map(p -> p.participantId).toList()));
                        }
                        return directory.knownAndEnabled(ids);
                    }).call(users -> addUsers(c, users, by.id())).invoke(users -> c.lastActivity = Conversations.now());
        })).invoke(users -> LOG.info(id, "%d participants added by %s", users.size(), by.id()));
    }

    /** A cloud user who came in by the public link (with its password) joins as a member; again, nothing changes. */
    public Uni<Void> selfJoin(Conversation conversation, Caller user) {
        return Panache.withTransaction(() -> access.conversation(conversation.id, true)
                .chain(c -> access.participant(c.id, user.id()).chain(p -> p != null ? Uni.createFrom().voidItem()
                        : add(c, user.id(), "user", Participant.MEMBER, user.displayName(), user.id(), true)
                                .invoke(() -> LOG.info(c.id, "%s joined by the public link", user.id())))));
    }

    /** A guest who came in by the public link appears among the participants. */
    public Uni<Void> guestJoined(UUID conversation, String guestId, String displayName) {
        return Panache.withTransaction(() -> access.conversation(conversation, true).chain(c -> {
            if (!c.allowsGuests()) {
                throw ProblemException.forbidden("This conversation no longer allows guests");
            }
            return add(c, guestId, "guest", Participant.GUEST, displayName, guestId, false);
        }));
    }

    /** A change of role (moderator or member) or of own permissions (or back to the defaults). */
    public record Change(String role, List<String> permissions, boolean defaultPermissions) {
    }

    public Uni<Participant> change(UUID id, Caller by, String participantId, Change change) {
        if (change.role() != null && !List.of(Participant.MODERATOR, Participant.MEMBER).contains(change.role())) {
            throw ProblemException.badRequest("A role given to a participant is moderator or member");
        }
        if (change.defaultPermissions() && change.permissions() != null) {
            throw ProblemException.badRequest("Give permissions or defaultPermissions, not both");
        }
        Integer bits = change.permissions() == null ? null : Permission.bits(change.permissions());
        return Panache.withTransaction(() -> access.moderatorOf(id, by, "change participants").chain(place -> target(id, participantId)
                .call(p -> {
                    if (change.role() == null || change.role().equals(p.role)) {
                        return Uni.createFrom().voidItem();
                    }
                    if (p.isGuest()) {
                        throw ProblemException.badRequest("A guest's role cannot change");
                    }
                    if (Participant.OWNER.equals(p.role) && !Participant.OWNER.equals(place.me().role)) {
                        throw ProblemException.forbidden("Only an owner may change an owner's role");
                    }
                    return p.moderates() && Participant.MEMBER.equals(change.role()) ? keepsAModerator(id) : Uni.createFrom().voidItem();
                })
                .call(p -> {
                    String previousRole = p.role;
                    boolean changed = false;
                    if (change.role() != null && !change.role().equals(p.role)) {
                        p.role = change.role();
                        changed = true;
                    }
                    if (bits != null && !bits.equals(p.permissions) || change.defaultPermissions() && p.permissions != null) {
                        p.permissions = bits;
                        changed = true;
                    }
                    return changed ? events.participantChanged(p, previousRole, by.id()) : Uni.createFrom().voidItem();
                })))
                .invoke(p -> LOG.info(id, "participant %s changed by %s: role %s", participantId, by.id(), p.role));
    }

    /**
     * Removes a participant: anyone may remove themselves (leave); owners and moderators remove others (an owner
     * only by an owner). The last user to leave deletes the conversation.
     */
    public Uni<Void> remove(UUID id, Caller by, String participantId) {
        boolean leaving = by.id().equals(participantId);
        return Panache.withTransaction(() -> (leaving ? access.participantOf(id, by, true)
                : access.moderatorOf(id, by, "remove participants")).chain(place -> target(id, participantId).chain(p -> {
                    Conversation c = place.conversation();
                    if (!leaving && c.type == ConversationType.ONE_TO_ONE) {
                        throw ProblemException.badRequest("Nobody is removed from a one-to-one conversation; each may leave it");
                    }
                    if (!leaving && Participant.OWNER.equals(p.role) && !Participant.OWNER.equals(place.me().role)) {
                        throw ProblemException.forbidden("Only an owner may remove an owner");
                    }
                    if (p.isGuest()) {
                        return drop(p, leaving ? "left" : "removed", by.id());
                    }
                    return access.users(id).chain(users -> {
                        if (leaving && users == 1) {
                            return drop(p, "left", by.id()).chain(() -> deleteConversation(c, by.id()));
                        }
                        return (p.moderates() ? keepsAModerator(id) : Uni.createFrom().voidItem())
                                .chain(() -> drop(p, leaving ? "left" : "removed", by.id()));
                    });
                })))
                .invoke(() -> LOG.info(id, "participant %s %s", participantId, leaving ? "left" : "removed by " + by.id()));
    }

    Uni<Void> deleteConversation(Conversation c, String by) {
        return c.delete().chain(() -> events.deleted(c, by));
    }

    /** Every guest leaves with the guests' permission. */
    Uni<Void> removeGuests(Conversation c, String by) {
        return Participant.<Participant>list("conversationId = ?1 and role = 'guest'", c.id).chain(all -> {
            Uni<Void> each = Uni.createFrom().voidItem();
            for (Participant p : all) {
                each = each.chain(() -> drop(p, "guests_disallowed", by));
            }
            return each;
        });
    }

    private Uni<Void> drop(Participant p, String reason, String by) {
        return p.delete().chain(() -> events.participantRemoved(p, reason, by));
    }

    private Uni<Participant> target(UUID id, String participantId) {
        return access.participant(id, participantId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("No participant " + participantId + " in this conversation"));
    }

    /** Refuses to take away the only owner or moderator left. */
    private Uni<Void> keepsAModerator(UUID id) {
        return access.moderators(id).invoke(n -> {
            if (n <= 1) {
                throw ProblemException.conflict("The last owner or moderator must make someone else a moderator first");
            }
        }).replaceWithVoid();
    }
}
