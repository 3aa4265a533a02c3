package org.salon.room.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.salon.platform.logging.ConversationLog;
import org.salon.platform.problem.ProblemException;
import org.salon.room.config.RoomConfig;
import org.salon.room.events.ConversationEventsOut;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The rules for creating and changing conversations; every change and its event commit together. */
@ApplicationScoped
public class Conversations {
    private static final ConversationLog LOG = ConversationLog.of(Conversations.class);

    @Inject
    RoomConfig config;

    @Inject
    ConversationEventsOut events;

    @Inject
    DirectoryView directory;

    @Inject
    GuestAccess guests;

    /** Who acts: a user or guest id and the name their token gives. */
    public record Caller(String id, String displayName, boolean guest) {
    }

    /**
     * Creates a conversation with its creator as owner and the initial participants (directory user ids, known and
     * enabled) as members; a guests' password only for one that allows guests.
     */
    public Uni<Conversation> create(String rawName, ConversationType type, Caller by, String password, List<UUID> members) {
        String name = ConversationName.normalise(rawName, config.maxNameLength());
        List<UUID> invited = members == null ? List.of() : members;
        if (invited.stream().distinct().count() != invited.size()) {
            throw ProblemException.badRequest("A participant is listed twice");
        }
        if (invited.stream().anyMatch(u -> u.toString().equals(by.id()))) {
            throw ProblemException.badRequest("The creator is a participant already");
        }
        return guests.hash(type, password).chain(hash -> store(name, type, by, hash, invited));
    }

    private Uni<Conversation> store(String name, ConversationType type, Caller by, String passwordHash, List<UUID> invited) {
        Conversation c = new Conversation();
        c.passwordHash = passwordHash;
        c.linkToken = type == ConversationType.PUBLIC ? GuestAccess.newLinkToken() : null;
        c.id = UUID.randomUUID();
        c.name = name;
        c.type = type;
        c.createdBy = by.id();
        c.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        c.updatedAt = c.createdAt;
        return Panache.withTransaction(() -> directory.knownAndEnabled(invited).chain(users -> c.persistAndFlush()
                .chain(() -> events.created(c))
                .chain(() -> add(c, by.id(), "user", Participant.OWNER, by.displayName(), by.id()))
                .chain(() -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (var u : users) {
                        all = all.chain(() -> add(c, u.id().toString(), "user", Participant.MEMBER, u.displayName(), by.id()));
                    }
                    return all;
                })))
                .invoke(() -> LOG.info(c.id, "conversation created (%s) by %s with %d invited", type.wire(), by.id(), invited.size()))
                .replaceWith(c);
    }

    private Uni<Void> add(Conversation c, String id, String kind, String role, String displayName, String by) {
        Participant p = new Participant();
        p.conversationId = c.id;
        p.participantId = id;
        p.kind = kind;
        p.role = role;
        p.displayName = displayName;
        p.joinedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return p.persist().chain(() -> events.participantAdded(p, by));
    }

    /** The caller's place in the conversation: participant (or guest let in by token), else 403; 404 if none. */
    public Uni<Conversation> getFor(UUID id, Caller caller) {
        return get(id).call(c -> {
            if (caller.guest()) {
                return c.allowsGuests() ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(ProblemException.forbidden("This conversation no longer allows guests"));
            }
            return Participant.<Participant>findById(key(id, caller.id())).invoke(p -> {
                if (p == null) {
                    throw ProblemException.forbidden("You are not a participant of this conversation");
                }
            });
        });
    }

    /** One of my conversations, with my role in it. */
    public record Mine(Conversation conversation, String role) {
    }

    /** My conversations, most recently active first. */
    @WithSession
    public Uni<List<Mine>> mine(String caller, int offset, int limit) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("select c, p.role from Conversation c, Participant p "
                + "where c.id = p.conversationId and p.participantId = :me order by c.updatedAt desc, c.id", Object[].class)
                .setParameter("me", caller).setFirstResult(offset).setMaxResults(limit).getResultList())
                .map(rows -> rows.stream().map(r -> new Mine((Conversation) r[0], (String) r[1])).toList());
    }

    /** A guest who came in by the public link appears among the participants. */
    public Uni<Void> guestJoined(UUID conversation, String guestId, String displayName) {
        return Panache.withTransaction(() -> get(conversation).chain(c -> add(c, guestId, "guest", Participant.GUEST, displayName,
                guestId)));
    }

    private static Participant.Key key(UUID conversation, String participant) {
        Participant.Key k = new Participant.Key();
        k.conversationId = conversation;
        k.participantId = participant;
        return k;
    }

    public Uni<Conversation> get(UUID id) {
        return Conversation.<Conversation>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No conversation " + id));
    }

    public Uni<Conversation> rename(UUID id, String rawName, String by) {
        String name = ConversationName.normalise(rawName, config.maxNameLength());
        return Panache.withTransaction(() -> Conversation.<Conversation>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No conversation " + id))
                .call(c -> Participant.<Participant>findById(key(id, by)).invoke(p -> {
                    if (p == null || !p.moderates()) {
                        throw ProblemException.forbidden("Only the conversation's owner and moderators may rename it");
                    }
                }))
                .call(c -> {
                    c.name = name;
                    c.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return events.renamed(c, by);
                }))
                .invoke(c -> LOG.info(c.id, "conversation renamed by %s", by));
    }
}
