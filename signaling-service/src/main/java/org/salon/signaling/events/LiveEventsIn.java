package org.salon.signaling.events;

import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.salon.platform.events.RecentEventIds;
import org.salon.platform.logging.ConversationLog;
import org.salon.contracts.events.ConversationEvents;
import org.salon.signaling.api.Frames;
import org.salon.signaling.api.SignalingEndpoint;
import org.salon.signaling.config.SignalingConfig;
import org.salon.signaling.domain.Subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Where conversation, chat and call events enter signaling-service: pushed to the connections of this instance that joined
 * the conversation, each event once, in the topic's order (a conversation's events are one partition).
 */
@ApplicationScoped
public class LiveEventsIn {
    private static final Logger LOG = Logger.getLogger(LiveEventsIn.class);
    private static final ConversationLog CONVERSATION_LOG = ConversationLog.of(LiveEventsIn.class);
    /** The close code of a guest's connection to a conversation they may no longer reach (docs/protocol.md). */
    static final int GUEST_ACCESS_ENDED = 4403;

    @Inject
    ObjectMapper json;

    @Inject
    Subscriptions subscriptions;

    @Inject
    SignalingConfig config;

    @Inject
    MeterRegistry metrics;

    private RecentEventIds seen;
    private Counter duplicates;

    @PostConstruct
    void init() {
        seen = new RecentEventIds(config.recentEventIds());
        duplicates = metrics.counter("salon.signaling.duplicate.events");
    }

    @Incoming("chat-events")
    public void onChatEvent(String value) {
        onEvent(value);
    }

    @Incoming("call-events")
    public void onCallEvent(String value) {
        onEvent(value);
    }

    @Incoming("conversation-events")
    public void onEvent(String value) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception e) {
            LOG.warnf("dropping an event that is not JSON: %s", e.getMessage());
            return;
        }
        String id = event.path("id").asText(null);
        String conversation = event.path("subject").asText(null);
        if (id == null || conversation == null) {
            LOG.warnf("dropping an event without id or subject");
            return;
        }
        if (!seen.firstTime(id)) {
            duplicates.increment();
            return;
        }
        String frame = Frames.event(conversation, event);
        subscriptions.members(conversation).forEach(c -> push(c, frame));
        removeWhoLostAccess(conversation, event);
    }

    /**
     * Who loses a conversation leaves it here too: when it is deleted everyone, when a user is removed their
     * connections (with a {@code left} frame); guests' connections close when it stops allowing guests, is deleted,
     * or removes them.
     */
    private void removeWhoLostAccess(String conversation, JsonNode event) {
        String type = event.path("type").asText();
        JsonNode data = event.path("data");
        boolean deleted = ConversationEvents.DELETED.equals(type);
        boolean allGuests = deleted || ConversationEvents.GUESTS_DISALLOWED.equals(type);
        String removed = ConversationEvents.PARTICIPANT_REMOVED.equals(type) ? data.path("participantId").asText() : null;
        if (!allGuests && removed == null) {
            return;
        }
        for (WebSocketConnection c : Set.copyOf(subscriptions.members(conversation))) {
            if (deleted || removed != null && removed.equals(SignalingEndpoint.participantOf(c))) {
                subscriptions.leave(c, conversation);
                push(c, Frames.left(conversation, deleted ? "deleted" : "removed"));
            }
        }
        for (WebSocketConnection c : Set.copyOf(subscriptions.guests(conversation))) {
            if (allGuests || removed != null && removed.equals(SignalingEndpoint.guestOf(c))) {
                CONVERSATION_LOG.info(conversation, "closing guest %s's connection: %s", SignalingEndpoint.guestOf(c), type);
                c.close(new CloseReason(GUEST_ACCESS_ENDED, "Your access to this conversation has ended")).subscribe().with(ok -> {
                }, failure -> LOG.debugf("closing %s failed: %s", c.id(), failure.getMessage()));
            }
        }
    }

    private static void push(WebSocketConnection c, String frame) {
        c.sendText(frame).subscribe().with(ok -> {
        }, failure -> LOG.debugf("push to %s failed: %s", c.id(), failure.getMessage()));
    }
}
