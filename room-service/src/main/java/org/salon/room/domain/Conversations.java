package org.salon.room.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.salon.platform.logging.ConversationLog;
import org.salon.platform.problem.ProblemException;
import org.salon.room.config.RoomConfig;
import org.salon.room.events.ConversationEventsOut;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The rules for creating and changing conversations; every change and its event commit together. */
@ApplicationScoped
public class Conversations {
    private static final ConversationLog LOG = ConversationLog.of(Conversations.class);

    @Inject
    RoomConfig config;

    @Inject
    ConversationEventsOut events;

    /** Creates a conversation; {@code passwordHash} only for one that allows guests (see GuestAccess.hash). */
    public Uni<Conversation> create(String rawName, ConversationType type, String by, String passwordHash) {
        String name = ConversationName.normalise(rawName, config.maxNameLength());
        Conversation c = new Conversation();
        c.passwordHash = passwordHash;
        c.linkToken = type == ConversationType.PUBLIC ? GuestAccess.newLinkToken() : null;
        c.id = UUID.randomUUID();
        c.name = name;
        c.type = type;
        c.createdBy = by;
        c.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        c.updatedAt = c.createdAt;
        return Panache.withTransaction(() -> c.persist().chain(() -> events.created(c)))
                .invoke(() -> LOG.info(c.id, "conversation created (%s) by %s", type.wire(), by))
                .replaceWith(c);
    }

    public Uni<Conversation> get(UUID id) {
        return Conversation.<Conversation>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No conversation " + id));
    }

    public Uni<Conversation> rename(UUID id, String rawName, String by) {
        String name = ConversationName.normalise(rawName, config.maxNameLength());
        return Panache.withTransaction(() -> Conversation.<Conversation>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No conversation " + id))
                .call(c -> {
                    c.name = name;
                    c.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return events.renamed(c, by);
                }))
                .invoke(c -> LOG.info(c.id, "conversation renamed by %s", by));
    }
}
