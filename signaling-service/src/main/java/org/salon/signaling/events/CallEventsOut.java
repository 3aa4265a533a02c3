package org.salon.signaling.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.contracts.events.CallEvents;
import org.salon.contracts.events.Topics;
import org.salon.platform.events.CloudEvents;
import org.salon.platform.outbox.Outbox;
import org.salon.signaling.domain.Calls;

import io.smallrye.mutiny.Uni;

/**
 * Where call events leave signaling-service: into the outbox, in the transaction of the change, to salon.calls
 * keyed by conversation. Every instance pushes them to its clients; room-service and chat-service read them too.
 */
@ApplicationScoped
public class CallEventsOut {

    @Inject
    Outbox outbox;

    public Uni<Void> started(UUID conversation, UUID callId, String by, Instant at) {
        return publish(conversation, CallEvents.STARTED, new CallEvents.Started(conversation.toString(), callId.toString(), by, at));
    }

    public Uni<Void> ended(UUID conversation, UUID callId, Instant at, long seconds, List<String> attendees) {
        return publish(conversation, CallEvents.ENDED, new CallEvents.Ended(conversation.toString(), callId.toString(), at, seconds,
                attendees));
    }

    public Uni<Void> presence(UUID conversation, String participant, boolean online, boolean inCall, Calls.Media media, Instant at) {
        return publish(conversation, CallEvents.PRESENCE, new CallEvents.Presence(conversation.toString(), participant, online, inCall,
                media.audio(), media.video(), media.screen(), at));
    }

    private Uni<Void> publish(UUID conversation, String type, Object data) {
        String id = conversation.toString();
        return outbox.append(Topics.CALLS, id, CloudEvents.envelope(CallEvents.SOURCE, type, id, data));
    }
}
