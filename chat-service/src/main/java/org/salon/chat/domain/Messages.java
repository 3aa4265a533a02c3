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
import org.salon.platform.outbox.Outbox;
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
                .chain(found -> Panache.withTransaction(() -> parentOk(n).chain(() -> {
                    Message m = newMessage(n.conversation(), n.authorId(), n.authorName(), n.idempotencyKey());
                    m.body = n.body();
                    m.replyTo = n.replyTo();
                    m.mentions = found.joined();
                    m.mentionsAll = found.all();
                    return store(m, true);
                }))
                        // null: a retry of a post stored before, or of one stored at this moment (unique key): answer that
                        .onFailure(Messages::duplicateKey).recoverWithNull()
                        .chain(stored -> stored != null ? Uni.createFrom().item(new Posted(stored, true))
                                : Panache.withSession(() -> existing(n.conversation(), n.authorId(), n.idempotencyKey()))
                                        .map(earlier -> new Posted(earlier, false))))
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
        Message m = newMessage(conversation, Message.SYSTEM_AUTHOR, "", eventId);
        m.kind = Message.SYSTEM;
        m.system = system;
        m.systemData = toJson(data);
        return Panache.withTransaction(() -> store(m, false))
                .invoke(stored -> LOG.info(conversation, stored != null ? "system message %s" : "system message %s already stored", system))
                .replaceWithVoid();
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
     * Stores a message unless its author already stored one with its idempotency key (then null), in one statement:
     * it takes the conversation's next seq, which locks the conversation's row until the commit, so seq order is commit
     * order; inserts the message and its posted event into the outbox (the database fills in the event's message id and
     * seq); and for a post, moves the author's read marker. Posts to one conversation queue on that lock, so it is held
     * for this one round trip and the commit, not one per write.
     */
    private Uni<Message> store(Message m, boolean readByAuthor) {
        Outbox.Row event = events.posted(m, systemData(m));
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                with next as (
                    insert into conversation_history (conversation_id, last_seq)
                    select cast(:c as uuid), 1 where not exists (select 1 from message
                        where conversation_id = :c and author_id = :author and idempotency_key = :key)
                    on conflict (conversation_id) do update set last_seq = conversation_history.last_seq + 1
                    returning last_seq),
                stored as (
                    insert into message (conversation_id, seq, kind, author_id, author_name, body, reply_to, idempotency_key,
                                         system, system_data, mentions, mentions_all, created_at)
                    select cast(:c as uuid), last_seq, :kind, :author, :authorName, :body, cast(:replyTo as bigint), :key,
                           :system, :systemData, :mentions, cast(:mentionsAll as boolean), cast(:createdAt as timestamptz) from next
                    returning id, seq),
                published as (
                    insert into outbox (event_id, topic, message_key, payload)
                    select cast(:eventId as uuid), :topic, :eventKey,
                           jsonb_set(jsonb_set(cast(cast(:payload as text) as jsonb), '{data,messageId}', to_jsonb(id)), '{data,seq}', to_jsonb(seq))::text
                    from stored),
                read as (
                    insert into read_marker (conversation_id, participant_id, message_id, seq)
                    select cast(:c as uuid), :author, id, seq from stored where cast(:readByAuthor as boolean)
                    """ + ReadMarkers.FORWARD_ONLY + """
                )
                select id, seq from stored""", Object[].class)
                .setParameter("c", m.conversationId).setParameter("author", m.authorId).setParameter("key", m.idempotencyKey)
                .setParameter("kind", m.kind).setParameter("authorName", m.authorName).setParameter("body", m.body)
                .setParameter("replyTo", m.replyTo).setParameter("system", m.system).setParameter("systemData", m.systemData)
                .setParameter("mentions", m.mentions).setParameter("mentionsAll", m.mentionsAll).setParameter("createdAt", m.createdAt)
                .setParameter("eventId", event.eventId()).setParameter("topic", event.topic()).setParameter("eventKey", event.key())
                .setParameter("payload", event.payload()).setParameter("readByAuthor", readByAuthor)
                .getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    m.id = ((Number) rows.get(0)[0]).longValue();
                    m.seq = ((Number) rows.get(0)[1]).longValue();
                    return m;
                });
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

    private static Message newMessage(UUID conversation, String authorId, String authorName, String key) {
        Message m = new Message();
        m.conversationId = conversation;
        m.authorId = authorId;
        m.authorName = authorName;
        m.idempotencyKey = key;
        m.createdAt = now();
        return m;
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
