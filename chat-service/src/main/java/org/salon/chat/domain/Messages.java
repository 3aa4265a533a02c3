package org.salon.chat.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.chat.config.ChatConfig;
import org.salon.chat.events.ChatEventsOut;
import org.salon.platform.logging.ConversationLog;
import org.salon.platform.membership.Membership;
import org.salon.platform.membership.Permission;
import org.salon.platform.problem.ProblemException;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Posting and reading messages, for the conversation's participants only: a retried post is stored once; history
 * never skips nor repeats.
 */
@ApplicationScoped
public class Messages {
    private static final ConversationLog LOG = ConversationLog.of(Messages.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Inject
    ChatConfig config;

    @Inject
    ChatEventsOut events;

    @Inject
    Membership membership;

    public record Posted(Message message, boolean created) {
    }

    public record NewMessage(UUID conversation, String authorId, String authorName, String body, String idempotencyKey,
            Long replyTo) {
    }

    public Uni<Posted> post(NewMessage n) {
        if (n.body() == null || n.body().isBlank()) {
            throw ProblemException.badRequest("A message cannot be empty");
        }
        if (n.body().codePointCount(0, n.body().length()) > config.maxMessageLength()) {
            throw ProblemException.badRequest("A message is at most " + config.maxMessageLength() + " characters");
        }
        if (n.idempotencyKey() == null || !KEY.matcher(n.idempotencyKey()).matches()) {
            throw ProblemException.badRequest("idempotencyKey is 1 to 64 of A-Z, a-z, 0-9, '_' and '-'");
        }
        return membership.of(n.conversation(), n.authorId()).invoke(Messages::mayPost)
                .chain(place -> Panache.withTransaction(() -> lastSeq(n.conversation()).chain(last -> existing(n)
                        .chain(found -> found != null ? Uni.createFrom().item(new Posted(found, false))
                                : parentOk(n).chain(() -> store(n, last + 1)).map(m -> new Posted(m, true))))))
                .invoke(p -> {
                    if (p.created()) {
                        LOG.info(n.conversation(), "message %d posted by %s", p.message().id, n.authorId());
                    }
                });
    }

    /** Participants post, unless the conversation is read-only, they wait in the lobby or may not chat. */
    private static void mayPost(Membership.Place place) {
        place.outOfLobby();
        if (place.readOnly()) {
            throw ProblemException.forbidden("This conversation is read-only");
        }
        if (!place.may(Permission.CHAT)) {
            throw ProblemException.forbidden("You may not chat in this conversation");
        }
    }

    /** The conversation's last seq, its row locked until this post commits (posts to one conversation queue here). */
    private Uni<Long> lastSeq(UUID conversation) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "insert into conversation_history (conversation_id, last_seq) values (:c, 0) on conflict do nothing")
                .setParameter("c", conversation).executeUpdate()
                .chain(() -> s.createNativeQuery("select last_seq from conversation_history where conversation_id = :c for update",
                        Long.class).setParameter("c", conversation).getSingleResult()));
    }

    private Uni<Message> existing(NewMessage n) {
        return Message.<Message>find("conversationId = ?1 and authorId = ?2 and idempotencyKey = ?3", n.conversation(), n.authorId(),
                n.idempotencyKey()).firstResult();
    }

    private Uni<Void> parentOk(NewMessage n) {
        if (n.replyTo() == null) {
            return Uni.createFrom().voidItem();
        }
        return Message.<Message>findById(n.replyTo()).invoke(parent -> {
            if (parent == null || !parent.conversationId.equals(n.conversation())) {
                throw ProblemException.badRequest("No message " + n.replyTo() + " in this conversation to reply to");
            }
        }).replaceWithVoid();
    }

    private Uni<Message> store(NewMessage n, long seq) {
        Message m = new Message();
        m.seq = seq;
        m.conversationId = n.conversation();
        m.authorId = n.authorId();
        m.authorName = n.authorName();
        m.body = n.body();
        m.replyTo = n.replyTo();
        m.idempotencyKey = n.idempotencyKey();
        m.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return m.persistAndFlush()
                .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "update conversation_history set last_seq = :seq where conversation_id = :c")
                        .setParameter("seq", seq).setParameter("c", n.conversation()).executeUpdate()))
                .chain(() -> events.posted(m)).replaceWith(m);
    }

    /**
     * A page of history: newest first by default, older than {@code before}, or (oldest first) newer than
     * {@code after}, which is "what I missed since my last known id".
     */
    public Uni<List<Message>> history(UUID conversation, String reader, Long before, Long after, int limit) {
        if (limit < 1 || limit > config.maxPage()) {
            throw ProblemException.badRequest("limit is 1 to " + config.maxPage());
        }
        if (before != null && after != null) {
            throw ProblemException.badRequest("Give 'before' or 'after', not both");
        }
        return membership.of(conversation, reader).invoke(Membership.Place::outOfLobby)
                .chain(place -> page(conversation, before, after, limit));
    }

    private Uni<List<Message>> page(UUID conversation, Long before, Long after, int limit) {
        if (after != null) {
            return Message.<Message>find("conversationId = ?1 and id > ?2 order by id", conversation, after).range(0, limit - 1).list();
        }
        if (before != null) {
            return Message.<Message>find("conversationId = ?1 and id < ?2 order by id desc", conversation, before).range(0, limit - 1)
                    .list();
        }
        return Message.<Message>find("conversationId = ?1 order by id desc", conversation).range(0, limit - 1).list();
    }
}
