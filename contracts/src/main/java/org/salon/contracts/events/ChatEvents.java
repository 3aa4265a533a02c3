package org.salon.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Data of the events on {@link Topics#CHAT}, keyed by conversation id. */
public final class ChatEvents {
    public static final String SOURCE = "/salon/chat-service";
    public static final String POSTED = "org.salon.chat.message.posted";
    public static final String EDITED = "org.salon.chat.message.edited";
    public static final String DELETED = "org.salon.chat.message.deleted";
    public static final String REACTION_ADDED = "org.salon.chat.reaction.added";
    public static final String REACTION_REMOVED = "org.salon.chat.reaction.removed";
    public static final String READ = "org.salon.chat.read";

    /**
     * A message was posted (once per message, whatever the retries). {@code seq} counts the conversation's messages
     * from 1 without gaps, in the order they were committed. {@code kind}: comment, or system (then {@code system}
     * names what happened, e.g. participant_added, with the triggering event's data, and the body is empty).
     * {@code mentions}: the participant ids the body mentions; {@code mentionsAll}: a moderator's @all.
     */
    public record Posted(String conversationId, long messageId, long seq, String kind, String authorId, String authorName,
            String body, Long replyTo, List<String> mentions, boolean mentionsAll, String system, Map<String, Object> systemData,
            Instant createdAt) {
    }

    /** The author changed the body (mentions resolved again). */
    public record Edited(String conversationId, long messageId, long seq, String body, List<String> mentions, boolean mentionsAll,
            String editedBy, Instant editedAt) {
    }

    /** The body is gone; a "message deleted" placeholder stays in the history. */
    public record Deleted(String conversationId, long messageId, long seq, String deletedBy, Instant deletedAt) {
    }

    /** A participant added or removed their reaction. */
    public record Reaction(String conversationId, long messageId, String participantId, String emoji) {
    }

    /** A participant has read the conversation up to the message with this {@code seq}. */
    public record Read(String conversationId, String participantId, long messageId, long seq) {
    }

    private ChatEvents() {
    }
}
