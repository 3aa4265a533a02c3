package org.salon.chat.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
public class Message extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "conversation_id", nullable = false)
    public UUID conversationId;

    /** 1, 2, 3... within the conversation, in commit order. */
    @Column(nullable = false)
    public long seq;

    @Column(name = "author_id", nullable = false)
    public String authorId;

    @Column(name = "author_name", nullable = false)
    public String authorName;

    public String body;

    @Column(name = "reply_to")
    public Long replyTo;

    @Column(name = "idempotency_key", nullable = false)
    public String idempotencyKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
