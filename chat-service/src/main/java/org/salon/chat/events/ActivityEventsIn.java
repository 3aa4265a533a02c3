package org.salon.chat.events;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.salon.chat.domain.Messages;
import org.salon.contracts.events.CallEvents;
import org.salon.contracts.events.ConversationEvents;
import org.salon.platform.events.IncomingEvent;
import org.salon.platform.logging.ConversationLog;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where room-service's and signaling-service's events enter chat-service: each becomes a system message in the
 * conversation's history (stored once per event, whatever the redeliveries); a deleted conversation's chat goes
 * with it.
 */
@ApplicationScoped
public class ActivityEventsIn {
    private static final ConversationLog LOG = ConversationLog.of(ActivityEventsIn.class);

    @Inject
    Messages messages;

    @Inject
    ObjectMapper json;

    @Inject
    Pool db;

    @Incoming("conversation-activity")
    public Uni<Void> onConversation(String value) {
        return IncomingEvent.apply(json, value, "salon.conversations", this::conversation);
    }

    @Incoming("call-activity")
    public Uni<Void> onCall(String value) {
        return IncomingEvent.apply(json, value, "salon.calls", e -> switch (e.type()) {
            case CallEvents.STARTED -> system(e, "call_started");
            case CallEvents.ENDED -> system(e, "call_ended");
            default -> Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> conversation(IncomingEvent e) {
        return switch (e.type()) {
            case ConversationEvents.CREATED -> system(e, "conversation_created");
            case ConversationEvents.PARTICIPANT_ADDED -> system(e, added(e));
            case ConversationEvents.PARTICIPANT_REMOVED -> system(e, switch (e.text("reason")) {
                case "left" -> "participant_left";
                case "removed" -> "participant_removed";
                default -> null; // guests_disallowed: the guests_disallowed message says it
            });
            case ConversationEvents.PARTICIPANT_CHANGED -> system(e, roleChange(e.text("previousRole"), e.text("role")));
            case ConversationEvents.GUESTS_ALLOWED -> system(e, "guests_allowed");
            case ConversationEvents.GUESTS_DISALLOWED -> system(e, "guests_disallowed");
            case ConversationEvents.PASSWORD_SET -> system(e, "password_set");
            case ConversationEvents.PASSWORD_REMOVED -> system(e, "password_removed");
            case ConversationEvents.DELETED -> forget(e.conversation());
            default -> Uni.createFrom().voidItem();
        };
    }

    /** Guests and users who came by the link joined; others were added (the creator adding themselves says nothing). */
    private static String added(IncomingEvent e) {
        if ("guest".equals(e.text("kind")) || e.data().path("selfJoined").asBoolean()) {
            return "participant_joined";
        }
        return e.text("participantId").equals(e.text("addedBy")) ? null : "participant_added";
    }

    private static String roleChange(String before, String after) {
        boolean was = "owner".equals(before) || "moderator".equals(before);
        boolean is = "owner".equals(after) || "moderator".equals(after);
        return was == is ? null : is ? "moderator_promoted" : "moderator_demoted";
    }

    @SuppressWarnings("unchecked")
    private Uni<Void> system(IncomingEvent e, String system) {
        if (system == null) {
            return Uni.createFrom().voidItem();
        }
        return messages.system(e.conversation(), system, json.convertValue(e.data(), Map.class), e.id());
    }

    private Uni<Void> forget(UUID conversation) {
        return db.withTransaction(c -> c.preparedQuery("delete from message where conversation_id = $1").execute(Tuple.of(conversation))
                .chain(() -> c.preparedQuery("delete from read_marker where conversation_id = $1").execute(Tuple.of(conversation)))
                .chain(() -> c.preparedQuery("delete from conversation_history where conversation_id = $1").execute(Tuple.of(conversation))))
                .invoke(() -> LOG.info(conversation, "conversation deleted: its chat is gone"))
                .replaceWithVoid();
    }
}
