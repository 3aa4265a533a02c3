package org.salon.signaling.events;

import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.salon.platform.events.RecentEventIds;
import org.salon.platform.logging.ConversationLog;
import org.salon.contracts.events.ConversationEvents;
import org.salon.signaling.api.Frames;
import org.salon.signaling.config.SignalingConfig;
import org.salon.signaling.domain.Departures;
import org.salon.signaling.domain.Session;
import org.salon.signaling.domain.Sessions;
import org.salon.signaling.domain.Subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;

/**
 * Where conversation, chat and call events enter signaling-service: pushed to the connections of this instance that joined
 * the conversation, each event once, in the topic's order (a conversation's events are one partition).
 */
@ApplicationScoped
public class LiveEventsIn {
    private static final Logger LOG = Logger.getLogger(LiveEventsIn.class);
    private static final ConversationLog CONVERSATION_LOG = ConversationLog.of(LiveEventsIn.class);
    /** The close code of a connection whose access ended: a guest's conversation gone, an account disabled (docs/protocol.md). */
    public static final int ACCESS_ENDED = 4403;

    @Inject
    ObjectMapper json;

    @Inject
    Subscriptions subscriptions;

    @Inject
    SignalingConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    TopicPositions positions;

    @Inject
    Sessions sessions;

    @Inject
    Departures departures;

    private RecentEventIds seen;
    private Counter duplicates;

    @PostConstruct
    void init() {
        seen = new RecentEventIds(config.recentEventIds());
        duplicates = metrics.counter("salon.signaling.duplicate.events");
    }

    /** An event as signaling-service pushes it: its id, its conversation (the subject) and the envelope. */
    public record Event(String id, String conversation, JsonNode body) {
        /** Null (and logged) when it cannot be pushed. */
        static Event read(ObjectMapper json, String value) {
            JsonNode event;
            try {
                event = json.readTree(value);
            } catch (Exception e) {
                LOG.warnf("dropping an event that is not JSON: %s", e.getMessage());
                return null;
            }
            String id = event.path("id").asText(null);
            String conversation = event.path("subject").asText(null);
            if (id == null || conversation == null) {
                LOG.warnf("dropping an event without id or subject");
                return null;
            }
            return new Event(id, conversation, event);
        }
    }

    @Incoming("chat-events")
    public void onChatEvent(ConsumerRecord<String, String> record) {
        positions.push(record, this::onEvent);
    }

    @Incoming("call-events")
    public void onCallEvent(ConsumerRecord<String, String> record) {
        positions.push(record, this::onEvent);
    }

    @Incoming("conversation-events")
    public void onConversationEvent(ConsumerRecord<String, String> record) {
        positions.push(record, this::onEvent);
    }

    void onEvent(String value) {
        Event event = Event.read(json, value);
        if (event == null) {
            return;
        }
        if (!seen.firstTime(event.id())) {
            duplicates.increment();
            return;
        }
        subscriptions.push(event.conversation(), Frames.event(event.conversation(), event.body()), event.id(), null);
        removeWhoLostAccess(event.conversation(), event.body());
        tellWhoWasAdded(event.conversation(), event.body());
    }

    /**
     * A user added to a conversation has not joined it: their connections are told, so their conversation list
     * shows it at once (additions are rare: a walk over this instance's sessions costs less than an index).
     */
    private void tellWhoWasAdded(String conversation, JsonNode event) {
        if (!ConversationEvents.PARTICIPANT_ADDED.equals(event.path("type").asText())) {
            return;
        }
        String added = event.at("/data/participantId").asText();
        String frame = Frames.invited(conversation).toString();
        subscriptions.all().stream().filter(s -> added.equals(s.participant())).forEach(s -> s.push(frame));
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
        for (Session s : Set.copyOf(subscriptions.members(conversation))) {
            if (deleted || removed != null && removed.equals(s.participant())) {
                subscriptions.leave(s, conversation);
                s.push(Frames.left(conversation, deleted ? "deleted" : "removed"));
                departures.inBackground("session " + s.id() + " leaving " + conversation,
                        () -> sessions.left(s.id(), s.participant(), UUID.fromString(conversation)));
            }
        }
        for (Session s : Set.copyOf(subscriptions.guests(conversation))) {
            if (allGuests || removed != null && removed.equals(s.participant())) {
                CONVERSATION_LOG.info(conversation, "closing guest %s's connection: %s", s.participant(), type);
                s.connection().close(new CloseReason(ACCESS_ENDED, "Your access to this conversation has ended")).subscribe()
                        .with(ok -> {
                        }, failure -> LOG.debugf("closing %s failed: %s", s.id(), failure.getMessage()));
            }
        }
    }
}
