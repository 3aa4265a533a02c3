package org.salon.room.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import org.salon.platform.membership.Permission;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
public class Conversation extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Convert(converter = TypeColumn.class)
    @Column(nullable = false)
    public ConversationType type;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Last message, call or change: the order of the conversation list. */
    @Column(name = "last_activity", nullable = false)
    public Instant lastActivity;

    @Column(nullable = false)
    public String description = "";

    @Column(name = "read_only", nullable = false)
    public boolean readOnly;

    @Column(name = "lobby_enabled", nullable = false)
    public boolean lobbyEnabled;

    /** With the lobby enabled: when it opens by itself (null: when a moderator disables it). */
    @Column(name = "lobby_open_at")
    public Instant lobbyOpenAt;

    /** everyone, users or moderators. */
    @Column(name = "who_may_start_call", nullable = false)
    public String whoMayStartCall = "everyone";

    /** {@link Permission} bits of participants who have none of their own. */
    @Column(name = "default_permissions", nullable = false)
    public int defaultPermissions = Permission.ALL;

    /** A one-to-one's two user ids, sorted: the pair has one conversation. */
    @Column(name = "pair_key")
    public String pairKey;

    /** The seq of the chat's last message (chat events). */
    @Column(name = "last_seq", nullable = false)
    public long lastSeq;

    /** The list's preview of the last message: its author's name and start, or the system event it tells. */
    @Column(name = "last_message_author")
    public String lastMessageAuthor;

    @Column(name = "last_message_text")
    public String lastMessageText;

    @Column(name = "last_message_system")
    public String lastMessageSystem;

    @Column(name = "call_id")
    public String callId;

    @Column(name = "call_started_at")
    public Instant callStartedAt;

    /** Argon2id hash of the guests' password, or null. */
    @Column(name = "password_hash")
    public String passwordHash;

    /** The secret part of the public link, for conversations that allow guests. */
    @Column(name = "link_token")
    public String linkToken;

    public boolean allowsGuests() {
        return type == ConversationType.PUBLIC;
    }

    /** Whether non-moderators wait in the lobby now. */
    public boolean lobbyActive(Instant now) {
        return lobbyEnabled && (lobbyOpenAt == null || now.isBefore(lobbyOpenAt));
    }

    @Converter
    public static class TypeColumn implements AttributeConverter<ConversationType, String> {
        @Override
        public String convertToDatabaseColumn(ConversationType type) {
            return type.wire();
        }

        @Override
        public ConversationType convertToEntityAttribute(String column) {
            return ConversationType.fromWire(column);
        }
    }
}
