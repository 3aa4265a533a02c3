package org.salon.contracts.events;

import java.time.Instant;

/** Data of the events on {@link Topics#CONVERSATIONS}; the CloudEvent {@code type} names the record. */
public final class ConversationEvents {
    public static final String SOURCE = "/salon/room-service";
    public static final String CREATED = "org.salon.conversation.created";
    public static final String RENAMED = "org.salon.conversation.renamed";

    /** A conversation came to be. */
    public record Created(String conversationId, String name, String type, String createdBy, Instant createdAt) {
    }

    /** A conversation's name changed. */
    public record Renamed(String conversationId, String name, String renamedBy) {
    }

    private ConversationEvents() {
    }
}
