package org.salon.chat.events;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.chat.domain.Message;
import org.salon.contracts.events.ChatEvents;
import org.salon.contracts.events.Topics;
import org.salon.platform.events.CloudEvents;
import org.salon.platform.outbox.Outbox;

import io.smallrye.mutiny.Uni;

/**
 * Where chat-service's events leave: into the outbox, in the transaction of the change, keyed by conversation, so a
 * conversation's messages, edits, deletions and reactions keep their order on salon.chat.
 */
@ApplicationScoped
public class ChatEventsOut {

    @Inject
    Outbox outbox;

    /**
     * The posted event of a message being stored, as its outbox row: {@code messageId} and {@code seq} are not known
     * yet, the statement storing the message writes them into it (see Messages).
     */
    public Outbox.Row posted(Message m, Map<String, Object> systemData) {
        String c = m.conversationId.toString();
        return outbox.row(Topics.CHAT, c, CloudEvents.envelope(ChatEvents.SOURCE, ChatEvents.POSTED, c, new ChatEvents.Posted(c, 0,
                0, m.kind, m.authorId, m.authorName, m.body, m.replyTo, m.mentionedIds(), m.mentionsAll, m.system, systemData,
                m.createdAt)));
    }

    public Uni<Void> edited(Message m, String by) {
        return publish(m.conversationId, ChatEvents.EDITED, new ChatEvents.Edited(m.conversationId.toString(), m.id, m.seq, m.body,
                m.mentionedIds(), m.mentionsAll, by, m.editedAt));
    }

    public Uni<Void> deleted(Message m, String by) {
        return publish(m.conversationId, ChatEvents.DELETED, new ChatEvents.Deleted(m.conversationId.toString(), m.id, m.seq, by,
                m.deletedAt));
    }

    public Uni<Void> reaction(UUID conversation, long messageId, String participant, String emoji, boolean added) {
        return publish(conversation, added ? ChatEvents.REACTION_ADDED : ChatEvents.REACTION_REMOVED,
                new ChatEvents.Reaction(conversation.toString(), messageId, participant, emoji));
    }

    public Uni<Void> read(UUID conversation, String participant, Message upTo) {
        return publish(conversation, ChatEvents.READ, new ChatEvents.Read(conversation.toString(), participant, upTo.id, upTo.seq));
    }

    private Uni<Void> publish(UUID conversation, String type, Object data) {
        String id = conversation.toString();
        return outbox.append(Topics.CHAT, id, CloudEvents.envelope(ChatEvents.SOURCE, type, id, data));
    }
}
