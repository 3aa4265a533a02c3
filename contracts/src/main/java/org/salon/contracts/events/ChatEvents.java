package org.salon.contracts.events;

import java.time.Instant;

/** Data of the events on {@link Topics#CHAT}, keyed by conversation id. */
public final class ChatEvents {
    public static final String SOURCE = "/salon/chat-service";
    public static final String POSTED = "org.salon.chat.message.posted";

    /** A message was posted (once per message, whatever the retries). */
    public record Posted(String conversationId, long messageId, String authorId, String authorName, String body, Long replyTo,
            Instant createdAt) {
    }

    private ChatEvents() {
    }
}
