package org.salon.chat.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A chat message, or a system message saying what happened in the conversation. */
@Entity
public class Message extends PanacheEntityBase {
    public static final String COMMENT = "comment";
    public static final String SYSTEM = "system";
    /** The author of system messages. */
    public static final String SYSTEM_AUTHOR = "system";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "conversation_id", nullable = false)
    public UUID conversationId;

    /** 1, 2, 3... within the conversation, in commit order. */
    @Column(nullable = false)
    public long seq;

    /** comment or system. */
    @Column(nullable = false)
    public String kind = COMMENT;

    @Column(name = "author_id", nullable = false)
    public String authorId;

    @Column(name = "author_name", nullable = false)
    public String authorName;

    /** Markdown subset as typed; null once deleted, and for system messages. */
    public String body;

    @Column(name = "reply_to")
    public Long replyTo;

    @Column(name = "idempotency_key", nullable = false)
    public String idempotencyKey;

    /** What a system message says happened (participant_added, call_ended...), and that event's data as JSON. */
    public String system;

    @Column(name = "system_data")
    public String systemData;

    /** Participant ids the body mentions, space-separated. */
    @Column(nullable = false)
    public String mentions = "";

    @Column(name = "mentions_all", nullable = false)
    public boolean mentionsAll;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "edited_at")
    public Instant editedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public List<String> mentionedIds() {
        return mentions.isEmpty() ? List.of() : Arrays.asList(mentions.split(" "));
    }

    public boolean isComment() {
        return COMMENT.equals(kind);
    }
}
