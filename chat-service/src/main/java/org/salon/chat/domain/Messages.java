package org.salon.chat.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Posting, editing, deleting and reading messages, for the conversation's participants only: a retried post is
 * stored once; a conversation's messages are numbered in commit order; history never skips nor repeats.
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

    @Inject
    Mentions mentions;

    @Inject
    PostRate rate;

    @Inject
    ReadMarkers readMarkers;

    @Inject
    ObjectMapper json;

    public record Posted(Message message, boolean created) {
    }

    public record NewMessage(UUID conversation, String authorId, String authorName, String body, String idempotencyKey,
            Long replyTo) {
    }

    public Uni<Posted> post(NewMessage n) {
        checkBody(n.body());
        if (n.idempotencyKey() == null || !KEY.matcher(n.idempotencyKey()).matches()) {
            throw ProblemException.badRequest("idempotencyKey is 1 to 64 of A-Z, a-z, 0-9, '_' and '-'");
        }
        rate.take(n.authorId());
        return membership.of(n.conversation(), n.authorId()).invoke(Messages::mayPost)
                .chain(place -> mentions.in(n.conversation(), n.body(), place.moderates()))
                .chain(found -> Panache.withTransaction(() -> existing(n.conversation(), n.authorId(), n.idempotencyKey())
                        .chain(stored -> stored != null ? Uni.createFrom().item(new Posted(stored, false))
                                : parentOk(n).chain(() -> nextSeq(n.conversation())).chain(seq -> {
                                    Message m = newMessage(n.conversation(), seq, n.authorId(), n.authorName(), n.idempotencyKey());
                                    m.body = n.body();
                                    m.replyTo = n.replyTo();
                                    m.mentions = found.joined();
                                    m.mentionsAll = found.all();
                                    return store(m).call(() -> readMarkers.advance(m, m.authorId)).map(saved -> new Posted(saved, true));
                                })))
                        // the same post retried at the same moment: the other one stored it (unique key), answer that
                        .onFailure(Messages::duplicateKey).recoverWithUni(() -> Panache.withSession(() -> existing(n.conversation(),
                                n.authorId(), n.idempotencyKey())).map(stored -> new Posted(stored, false))))
                .invoke(p -> {
                    if (p.created()) {
                        LOG.info(n.conversation(), "message %d posted by %s", p.message().id, n.authorId());
                    }
                });
    }

    private static boolean duplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("message_conversation_id_author_id_idempotency_key_key")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A system message saying what happened ({@code system}, with the event's data), stored once per event: the
     * event's id is its idempotency key.
     */
    public Uni<Void> system(UUID conversation, String system, Map<String, Object> data, String eventId) {
        return Panache.withTransaction(() -> existing(conversation, Message.SYSTEM_AUTHOR, eventId)
                .chain(stored -> stored != null ? Uni.createFrom().voidItem() : nextSeq(conversation).chain(seq -> {
                    Message m = newMessage(conversation, seq, Message.SYSTEM_AUTHOR, "", eventId);
                    m.kind = Message.SYSTEM;
                    m.system = system;
                    m.systemData = toJson(data);
                    return store(m).replaceWithVoid();
                })))
                .invoke(() -> LOG.info(conversation, "system message %s", system));
    }

    /** The author changes the body of their message; it is marked edited. */
    public Uni<Message> edit(UUID conversation, long id, String editor, String body) {
        checkBody(body);
        return membership.of(conversation, editor).invoke(Messages::mayPost)
                .chain(place -> mentions.in(conversation, body, place.moderates()))
                .chain(found -> Panache.withTransaction(() -> live(conversation, id).call(m -> {
                    if (!m.authorId.equals(editor)) {
                        throw ProblemException.forbidden("Only its author may edit a message");
                    }
                    m.body = body;
                    m.mentions = found.joined();
                    m.mentionsAll = found.all();
                    m.editedAt = now();
                    return events.edited(m, editor);
                })))
                .invoke(m -> LOG.info(conversation, "message %d edited by %s", id, editor));
    }

    /** Its author or a moderator deletes a message: the body goes, a placeholder stays. */
    public Uni<Message> delete(UUID conversation, long id, String by) {
        return membership.of(conversation, by).map(Membership.Place::outOfLobby)
                .chain(place -> Panache.withTransaction(() -> live(conversation, id).call(m -> {
                    if (!m.authorId.equals(by) && !place.moderates()) {
                        throw ProblemException.forbidden("Only its author or a moderator may delete a message");
                    }
                    m.body = null;
                    m.mentions = "";
                    m.mentionsAll = false;
                    m.deletedAt = now();
                    return Panache.getSession().chain(s -> s.createNativeQuery("delete from reaction where message_id = :id")
                            .setParameter("id", id).executeUpdate()).chain(() -> events.deleted(m, by));
                })))
                .invoke(m -> LOG.info(conversation, "message %d deleted by %s", id, by));
    }

    /** A comment of the conversation that is not deleted: 404 otherwise, 409 if deleted. */
    Uni<Message> live(UUID conversation, long id) {
        return Message.<Message>findById(id).map(m -> {
            if (m == null || !m.conversationId.equals(conversation) || !m.isComment()) {
                throw ProblemException.notFound("No message " + id + " in this conversation");
            }
            if (m.deletedAt != null) {
                throw new ProblemException(jakarta.ws.rs.core.Response.Status.CONFLICT, "Message " + id + " was deleted");
            }
            return m;
        });
    }

    /** Participants post, unless the conversation is read-only, they wait in the lobby or may not chat. */
    static void mayPost(Membership.Place place) {
        place.outOfLobby();
        if (place.readOnly()) {
            throw ProblemException.forbidden("This conversation is read-only");
        }
        if (!place.may(Permission.CHAT)) {
            throw ProblemException.forbidden("You may not chat in this conversation");
        }
    }

    private void checkBody(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("A message cannot be empty");
        }
        if (body.codePointCount(0, body.length()) > config.maxMessageLength()) {
            throw ProblemException.badRequest("A message is at most " + config.maxMessageLength() + " characters");
        }
    }

    /**
     * The conversation's next seq, in one statement that also locks its row until this post commits: posts to one
     * conversation queue here, so seq order is commit order.
     */
    private Uni<Long> nextSeq(UUID conversation) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                insert into conversation_history (conversation_id, last_seq) values (:c, 1)
                on conflict (conversation_id) do update set last_seq = conversation_history.last_seq + 1
                returning last_seq""", Long.class).setParameter("c", conversation).getSingleResult());
    }

    private Uni<Message> existing(UUID conversation, String author, String key) {
        return Message.<Message>find("conversationId = ?1 and authorId = ?2 and idempotencyKey = ?3", conversation, author, key)
                .firstResult();
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

    private static Message newMessage(UUID conversation, long seq, String authorId, String authorName, String key) {
        Message m = new Message();
        m.conversationId = conversation;
        m.seq = seq;
        m.authorId = authorId;
        m.authorName = authorName;
        m.idempotencyKey = key;
        m.createdAt = now();
        return m;
    }

    private Uni<Message> store(Message m) {
        return m.persistAndFlush().chain(() -> events.posted(m, systemData(m))).replaceWith(m);
    }

    /** A page of history, for a participant out of the lobby: see {@link History}. */
    public Uni<List<Message>> history(UUID conversation, String reader, Long before, Long after, int limit) {
        checkLimit(limit);
        if (before != null && after != null) {
            throw ProblemException.badRequest("Give 'before' or 'after', not both");
        }
        return membership.of(conversation, reader).invoke(Membership.Place::outOfLobby)
                .chain(place -> History.page(conversation, before, after, limit));
    }

    /** The messages these reply to, by id. */
    public Uni<Map<Long, Message>> parents(List<Message> replies) {
        List<Long> ids = replies.stream().map(m -> m.replyTo).filter(java.util.Objects::nonNull).distinct().toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.withSession(() -> Message.<Message>list("id in ?1", ids))
                .map(found -> found.stream().collect(java.util.stream.Collectors.toMap(m -> m.id, m -> m)));
    }

    /** Messages whose words match the query, in English or French (stemmed), newest first. */
    public Uni<List<Message>> search(UUID conversation, String reader, String query, int limit) {
        checkSearch(query, limit);
        return membership.of(conversation, reader).invoke(Membership.Place::outOfLobby)
                .chain(place -> History.search(conversation, query, limit));
    }

    /** The reader's search across every conversation they may read. */
    public Uni<List<Message>> searchEverywhere(String reader, String query, int limit) {
        checkSearch(query, limit);
        return History.searchEverywhere(reader, query, limit);
    }

    private void checkSearch(String query, int limit) {
        checkLimit(limit);
        if (query == null || query.isBlank() || query.length() > 200) {
            throw ProblemException.badRequest("A search is 1 to 200 characters");
        }
    }

    private void checkLimit(int limit) {
        if (limit < 1 || limit > config.maxPage()) {
            throw ProblemException.badRequest("limit is 1 to " + config.maxPage());
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> systemData(Message m) {
        if (m.systemData == null) {
            return null;
        }
        try {
            return json.readValue(m.systemData, Map.class);
        } catch (Exception e) {
            throw new IllegalStateException("system data of message " + m.id + " is not JSON", e);
        }
    }

    private String toJson(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
