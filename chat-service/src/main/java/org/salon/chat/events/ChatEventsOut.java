package org.salon.chat.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.chat.domain.Message;
import org.salon.contracts.events.ChatEvents;
import org.salon.contracts.events.Topics;
import org.salon.platform.events.CloudEvents;
import org.salon.platform.outbox.Outbox;

import io.smallrye.mutiny.Uni;

/** Where chat-service's events leave: into the outbox, in the transaction of the message. */
@ApplicationScoped
public class ChatEventsOut {

    @Inject
    Outbox outbox;

    public Uni<Void> posted(Message m) {
        String conversation = m.conversationId.toString();
        return outbox.append(Topics.CHAT, conversation, CloudEvents.envelope(ChatEvents.SOURCE, ChatEvents.POSTED, conversation,
                new ChatEvents.Posted(conversation, m.id, m.seq, m.authorId, m.authorName, m.body, m.replyTo, m.createdAt)));
    }
}
