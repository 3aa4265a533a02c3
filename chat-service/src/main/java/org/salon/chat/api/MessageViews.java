package org.salon.chat.api;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.chat.api.MessageResource.MessageView;
import org.salon.chat.api.MessageResource.Quote;
import org.salon.chat.domain.Message;
import org.salon.chat.domain.Messages;
import org.salon.chat.domain.Reactions;

import io.smallrye.mutiny.Uni;

/** Messages as a reader sees them: with their reactions, the message each reply quotes, and whether it mentions them. */
@ApplicationScoped
public class MessageViews {

    @Inject
    Messages messages;

    Uni<List<MessageView>> of(List<Message> list, String reader) {
        return Reactions.of(list.stream().map(m -> m.id).toList()).chain(byMessage -> withParents(list, byMessage, reader));
    }

    /** A message just posted: no reactions yet. */
    Uni<MessageView> ofNew(Message m, String reader) {
        return withParents(List.of(m), Map.of(), reader).map(views -> views.get(0));
    }

    private Uni<List<MessageView>> withParents(List<Message> list, Map<Long, List<Reactions.Summary>> byMessage, String reader) {
        return messages.parents(list).map(parents -> list.stream()
                .map(m -> new MessageView(m.id, m.seq, m.conversationId, m.kind, m.authorId, m.authorName, m.body, m.replyTo,
                        m.replyTo == null ? null : quote(parents.get(m.replyTo)), m.mentionedIds(), m.mentionsAll,
                        m.mentionsAll || m.mentionedIds().contains(reader), m.system, messages.systemData(m),
                        byMessage.getOrDefault(m.id, List.of()), m.createdAt, m.editedAt, m.deletedAt))
                .toList());
    }

    private static Quote quote(Message parent) {
        return parent == null ? null : new Quote(parent.id, parent.authorId, parent.authorName, parent.body, parent.deletedAt);
    }
}
