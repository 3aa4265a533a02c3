package org.salon.room.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.platform.logging.ConversationLog;
import org.salon.platform.membership.Permission;
import org.salon.platform.problem.ProblemException;
import org.salon.room.config.RoomConfig;
import org.salon.room.events.ConversationEventsOut;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The life of a conversation: creation, settings, guests, password, lobby, deletion; each change commits with its event. */
@ApplicationScoped
public class Conversations {
    private static final ConversationLog LOG = ConversationLog.of(Conversations.class);
    private static final Set<String> WHO_MAY_START_CALL = Set.of("everyone", "users", "moderators");
    private static final Set<String> NOTIFICATION_LEVELS = Set.of("default", "always", "mentions", "never");

    @Inject
    RoomConfig config;

    @Inject
    ConversationEventsOut events;

    @Inject
    DirectoryView directory;

    @Inject
    GuestAccess guests;

    @Inject
    Access access;

    @Inject
    Participants participants;

    /** A conversation from a create request, and whether it is new (a one-to-one is created once per pair). */
    public record Created(Conversation conversation, boolean isNew) {
    }

    /**
     * Creates a conversation with its creator as owner and the initial participants (directory user ids, known and
     * enabled) as members; a guests' password only for one that allows guests. A one-to-one names exactly one other
     * user and is found again, not created twice.
     */
    public Uni<Created> create(String rawName, ConversationType type, Caller by, String password, List<UUID> members) {
        List<UUID> invited = members == null ? List.of() : members;
        if (invited.stream().distinct().count() != invited.size()) {
            throw ProblemException.badRequest("A participant is listed twice");
        }
        if (invited.stream().anyMatch(u -> u.toString().equals(by.id()))) {
            throw ProblemException.badRequest("The creator is a participant already");
        }
        if (type == ConversationType.ONE_TO_ONE) {
            if (invited.size() != 1 || password != null) {
                throw ProblemException.badRequest("A one-to-one conversation names exactly one other user and has no password");
            }
            return oneToOne(by, invited.get(0));
        }
        String name = ConversationName.normalise(rawName, config.maxNameLength());
        return guests.hash(type, password).chain(hash -> Panache.withTransaction(() -> directory.knownAndEnabled(invited)
                .chain(users -> {
                    Conversation c = newConversation(name, type, by);
                    c.passwordHash = hash;
                    return c.persistAndFlush().chain(() -> events.created(c))
                            .chain(() -> participants.add(c, by.id(), "user", Participant.OWNER, by.displayName(), by.id(), false))
                            .chain(() -> participants.addUsers(c, users, by.id()))
                            .replaceWith(new Created(c, true));
                })))
                .invoke(created -> LOG.info(created.conversation().id, "conversation created (%s) by %s with %d invited",
                        type.wire(), by.id(), invited.size()));
    }

    private Conversation newConversation(String name, ConversationType type, Caller by) {
        Conversation c = new Conversation();
        c.id = UUID.randomUUID();
        c.name = name;
        c.type = type;
        c.linkToken = type == ConversationType.PUBLIC ? GuestAccess.newLinkToken() : null;
        c.createdBy = by.id();
        c.createdAt = now();
        c.lastActivity = c.createdAt;
        return c;
    }

    /**
     * The one-to-one of the caller and another user: both owners, named after each other; asked again, the same
     * conversation (with the caller back in it if they had left).
     */
    private Uni<Created> oneToOne(Caller by, UUID other) {
        String pair = Stream.of(by.id(), other.toString()).sorted().reduce((a, b) -> a + " " + b).orElseThrow();
        return Panache.withTransaction(() -> Panache.getSession()
                // two requests for one new pair: the second waits here and then finds the first's conversation
                .chain(s -> s.createNativeQuery("select pg_advisory_xact_lock(hashtext(:pair))").setParameter("pair", pair)
                        .getSingleResult())
                .chain(() -> Conversation.<Conversation>find("pairKey", pair).<Conversation>firstResult())
                .chain(existing -> existing != null ? rejoin(existing, by)
                        : directory.knownAndEnabled(List.of(other)).chain(users -> {
                            var user = users.get(0);
                            Conversation c = newConversation(by.displayName() + " & " + user.displayName(),
                                    ConversationType.ONE_TO_ONE, by);
                            c.pairKey = pair;
                            return c.persistAndFlush().chain(() -> events.created(c))
                                    .chain(() -> participants.add(c, by.id(), "user", Participant.OWNER, by.displayName(), by.id(),
                                            false))
                                    .chain(() -> participants.add(c, user.id().toString(), "user", Participant.OWNER,
                                            user.displayName(), by.id(), false))
                                    .invoke(() -> LOG.info(c.id, "one-to-one created by %s", by.id()))
                                    .replaceWith(new Created(c, true));
                        })));
    }

    private Uni<Created> rejoin(Conversation c, Caller by) {
        return access.participant(c.id, by.id()).chain(p -> p != null ? Uni.createFrom().item(new Created(c, false))
                : participants.add(c, by.id(), "user", Participant.OWNER, by.displayName(), by.id(), false)
                        .replaceWith(new Created(c, false)));
    }

    /** What a moderator may change at once; null fields stay as they are. */
    public record Changes(String name, String description, Boolean readOnly, String whoMayStartCall,
            List<String> defaultPermissions) {
    }

    public Uni<Access.Place> change(UUID id, Caller by, Changes changes) {
        String name = changes.name() == null ? null : ConversationName.normalise(changes.name(), config.maxNameLength());
        String description = changes.description() == null ? null : description(changes.description());
        if (changes.whoMayStartCall() != null && !WHO_MAY_START_CALL.contains(changes.whoMayStartCall())) {
            throw ProblemException.badRequest("whoMayStartCall is one of " + WHO_MAY_START_CALL);
        }
        Integer defaults = changes.defaultPermissions() == null ? null : Permission.bits(changes.defaultPermissions());
        return Panache.withTransaction(() -> access.moderatorOf(id, by, "change it").call(place -> {
            Conversation c = place.conversation();
            if (name != null && c.type == ConversationType.ONE_TO_ONE) {
                throw ProblemException.badRequest("A one-to-one conversation is named after the other person");
            }
            Uni<Void> renamed = Uni.createFrom().voidItem();
            if (name != null && !name.equals(c.name)) {
                c.name = name;
                renamed = events.renamed(c, by.id());
            }
            boolean settings = false;
            if (description != null && !description.equals(c.description)) {
                c.description = description;
                settings = true;
            }
            if (changes.readOnly() != null && changes.readOnly() != c.readOnly) {
                c.readOnly = changes.readOnly();
                settings = true;
            }
            if (changes.whoMayStartCall() != null && !changes.whoMayStartCall().equals(c.whoMayStartCall)) {
                c.whoMayStartCall = changes.whoMayStartCall();
                settings = true;
            }
            if (defaults != null && defaults != c.defaultPermissions) {
                c.defaultPermissions = defaults;
                settings = true;
            }
            boolean settingsChanged = settings;
            return renamed.chain(() -> settingsChanged ? events.settingsChanged(c, by.id()) : Uni.createFrom().voidItem())
                    .invoke(() -> touch(c));
        })).invoke(place -> LOG.info(id, "conversation changed by %s", by.id()));
    }

    private String description(String raw) {
        String d = raw.strip();
        if (d.codePointCount(0, d.length()) > config.maxDescriptionLength()) {
            throw ProblemException.badRequest("A description is at most " + config.maxDescriptionLength() + " characters");
        }
        if (d.codePoints().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n' && ch != '\t')) {
            throw ProblemException.badRequest("A description cannot contain control characters other than line breaks and tabs");
        }
        return d;
    }

    /** The lobby: non-moderators wait while it is enabled, until a moderator disables it or {@code openAt} comes. */
    public Uni<Access.Place> lobby(UUID id, Caller by, boolean enabled, Instant openAt) {
        if (!enabled && openAt != null) {
            throw ProblemException.badRequest("openAt is only for an enabled lobby");
        }
        return Panache.withTransaction(() -> access.moderatorOf(id, by, "change the lobby").call(place -> {
            Conversation c = place.conversation();
            if (c.type == ConversationType.ONE_TO_ONE) {
                throw ProblemException.badRequest("A one-to-one conversation has no lobby");
            }
            Instant opens = openAt == null ? null : openAt.truncatedTo(ChronoUnit.MICROS);
            if (c.lobbyEnabled == enabled && java.util.Objects.equals(c.lobbyOpenAt, opens)) {
                return Uni.createFrom().voidItem();
            }
            c.lobbyEnabled = enabled;
            c.lobbyOpenAt = opens;
            touch(c);
            return events.lobbyChanged(c, by.id());
        })).invoke(place -> LOG.info(id, "lobby %s by %s", enabled ? "enabled" : "disabled", by.id()));
    }

    /**
     * Allow guests (the conversation becomes public, with a new link) or disallow them: its guests are removed, its
     * link and password dropped, so guests' tokens for it stop working at once.
     */
    public Uni<Access.Place> guests(UUID id, Caller by, boolean allowed) {
        return Panache.withTransaction(() -> access.moderatorOf(id, by, "allow or disallow guests").call(place -> {
            Conversation c = place.conversation();
            if (c.type == ConversationType.ONE_TO_ONE) {
                throw ProblemException.badRequest("A one-to-one conversation cannot allow guests");
            }
            if (c.allowsGuests() == allowed) {
                return Uni.createFrom().voidItem();
            }
            touch(c);
            if (allowed) {
                c.type = ConversationType.PUBLIC;
                c.linkToken = GuestAccess.newLinkToken();
                return events.guestsChanged(c, by.id());
            }
            c.type = ConversationType.GROUP;
            c.linkToken = null;
            c.passwordHash = null;
            return participants.removeGuests(c, by.id()).chain(() -> events.guestsChanged(c, by.id()));
        })).invoke(place -> LOG.info(id, "guests %s by %s", allowed ? "allowed" : "disallowed", by.id()));
    }

    /** Sets or changes the guests' password (null removes it); only where guests are allowed. */
    public Uni<Access.Place> password(UUID id, Caller by, String password) {
        return Panache.withTransaction(() -> access.moderatorOf(id, by, "set the password"))
                .chain(place -> guests.hash(place.conversation().type, password))
                .chain(hash -> Panache.withTransaction(() -> access.moderatorOf(id, by, "set the password").call(place -> {
                    Conversation c = place.conversation();
                    if (!c.allowsGuests()) {
                        throw ProblemException.badRequest("A password is only for conversations that allow guests");
                    }
                    if (hash == null && c.passwordHash == null) {
                        return Uni.createFrom().voidItem();
                    }
                    c.passwordHash = hash;
                    return events.passwordChanged(c, hash != null, by.id());
                })))
                .invoke(place -> LOG.info(id, "password %s by %s", password == null ? "removed" : "set", by.id()));
    }

    /** Deletes the conversation with its participants: its owners may, and cloud admins. */
    public Uni<Void> delete(UUID id, Caller by) {
        return Panache.withTransaction(() -> access.conversation(id, true)
                .call(c -> by.admin() ? Uni.createFrom().voidItem() : access.participant(id, by.id()).invoke(p -> {
                    if (p == null || !Participant.OWNER.equals(p.role)) {
                        throw ProblemException.forbidden("Only the conversation's owners may delete it");
                    }
                }))
                .chain(c -> participants.deleteConversation(c, by.id())))
                .invoke(() -> LOG.info(id, "conversation deleted by %s", by.id()));
    }

    /** My favourite flag and notification level: mine alone, no event. */
    public Uni<Access.Place> preferences(UUID id, Caller caller, Boolean favourite, String notifications) {
        if (notifications != null && !NOTIFICATION_LEVELS.contains(notifications)) {
            throw ProblemException.badRequest("notifications is one of " + NOTIFICATION_LEVELS);
        }
        return Panache.withTransaction(() -> access.participantOf(id, caller, false).invoke(place -> {
            if (favourite != null) {
                place.me().favourite = favourite;
            }
            if (notifications != null) {
                place.me().notifications = notifications;
            }
        }));
    }

    private static void touch(Conversation c) {
        c.lastActivity = now();
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
