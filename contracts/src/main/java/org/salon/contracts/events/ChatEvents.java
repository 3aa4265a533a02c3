package org.salon.contracts.events;

import java.time.Instant;

/** Data of the events on {@link Topics#CHAT}, keyed by conversation id. */
public final class ChatEvents {
    public static final String SOURCE = "/salon/chat-service";
    public static final String POSTED = "org.salon.chat.message.posted";
    public static final String READ = "org.salon.chat.read";

    /**
     * A message was posted (once per message, whatever the retries). {@code seq} counts the conversation's messages
     * from 1 without gaps, in the order they were committed.
     */
    public record Posted(String conversationId, long messageId, long seq, String authorId, String authorName, String body,
            Long replyTo, Instant createdAt) {
    }

    /** A participant has read the conversation up to the message with this {@code seq}. */
    public record Read(String conversationId, String participantId, long messageId, long seq) {
    }

    private ChatEvents() {
    }
}
