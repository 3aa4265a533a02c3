package org.salon.contracts.events;

import java.time.Instant;

/** Data of the events on {@link Topics#CONVERSATIONS}; the CloudEvent {@code type} names the record. */
public final class ConversationEvents {
    public static final String SOURCE = "/salon/room-service";
    public static final String CREATED = "org.salon.conversation.created";
    public static final String RENAMED = "org.salon.conversation.renamed";
    public static final String PARTICIPANT_ADDED = "org.salon.conversation.participant.added";

    /** A conversation came to be. */
    public record Created(String conversationId, String name, String type, String createdBy, Instant createdAt) {
    }

    /** Someone became a participant: a user (kind "user") or a guest who joined by link (kind "guest"). */
    public record ParticipantAdded(String conversationId, String participantId, String kind, String role, String displayName,
            String addedBy) {
    }

    /** A conversation's name changed. */
    public record Renamed(String conversationId, String name, String renamedBy) {
    }

    private ConversationEvents() {
    }
}
