package org.salon.room.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.contracts.events.ConversationEvents;
import org.salon.contracts.events.Topics;
import org.salon.platform.events.CloudEvents;
import org.salon.platform.outbox.Outbox;
import org.salon.room.domain.Conversation;
import org.salon.room.domain.Participant;

import io.smallrye.mutiny.Uni;

/** Where room-service's events leave: into the outbox, inside the transaction of the change. */
@ApplicationScoped
public class ConversationEventsOut {

    @Inject
    Outbox outbox;

    public Uni<Void> created(Conversation c) {
        return publish(c, ConversationEvents.CREATED,
                new ConversationEvents.Created(c.id.toString(), c.name, c.type.wire(), c.createdBy, c.createdAt));
    }

    public Uni<Void> renamed(Conversation c, String by) {
        return publish(c, ConversationEvents.RENAMED, new ConversationEvents.Renamed(c.id.toString(), c.name, by));
    }

    public Uni<Void> participantAdded(Participant p, String by) {
        String id = p.conversationId.toString();
        return outbox.append(Topics.CONVERSATIONS, id, CloudEvents.envelope(ConversationEvents.SOURCE,
                ConversationEvents.PARTICIPANT_ADDED, id,
                new ConversationEvents.ParticipantAdded(id, p.participantId, p.kind, p.role, p.displayName, by)));
    }

    private Uni<Void> publish(Conversation c, String type, Object data) {
        String id = c.id.toString();
        return outbox.append(Topics.CONVERSATIONS, id, CloudEvents.envelope(ConversationEvents.SOURCE, type, id, data));
    }
}
