package org.salon.chat.domain;

import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Reading a conversation's messages: pages by id, and full-text search. */
final class History {

    /**
     * Newest first by default, older than {@code before}, or (oldest first) newer than {@code after}, which is "what
     * I missed since my last known id".
     */
    static Uni<List<Message>> page(UUID conversation, Long before, Long after, int limit) {
        return Panache.withSession(() -> query(conversation, before, after, limit));
    }

    private static Uni<List<Message>> query(UUID conversation, Long before, Long after, int limit) {
        if (after != null) {
            return Message.<Message>find("conversationId = ?1 and id > ?2 order by id", conversation, after).range(0, limit - 1).list();
        }
        if (before != null) {
            return Message.<Message>find("conversationId = ?1 and id < ?2 order by id desc", conversation, before).range(0, limit - 1)
                    .list();
        }
        return Message.<Message>find("conversationId = ?1 order by id desc", conversation).range(0, limit - 1).list();
    }

    static Uni<List<Message>> search(UUID conversation, String query, int limit) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                select m.id from message m
                where m.conversation_id = :c and m.deleted_at is null
                  and m.search_vector @@ (websearch_to_tsquery('english', :q) || websearch_to_tsquery('french', :q))
                order by m.id desc limit :limit""", Long.class)
                .setParameter("c", conversation).setParameter("q", query).setParameter("limit", limit).getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Message>of())
                        : Message.<Message>list("id in ?1 order by id desc", ids)));
    }

    /**
     * Matching messages of every conversation the reader may read now (a participant, not deleted, not waiting in
     * its lobby), newest first.
     */
    static Uni<List<Message>> searchEverywhere(String reader, String query, int limit) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                select m.id from message m
                join membership p on p.conversation_id = m.conversation_id and p.participant_id = :reader
                join membership_conversation c on c.conversation_id = m.conversation_id
                where not c.deleted and m.deleted_at is null
                  and (p.role in ('owner', 'moderator') or not c.lobby_enabled or c.lobby_open_at <= now())
                  and m.search_vector @@ (websearch_to_tsquery('english', :q) || websearch_to_tsquery('french', :q))
                order by m.id desc limit :limit""", Long.class)
                .setParameter("reader", reader).setParameter("q", query).setParameter("limit", limit).getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Message>of())
                        : Message.<Message>list("id in ?1 order by id desc", ids)));
    }

    private History() {
    }
}
