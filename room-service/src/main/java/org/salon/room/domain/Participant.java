package org.salon.room.domain;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

import org.salon.platform.membership.Permission;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A user or a guest in a conversation, with a role. */
@Entity
@IdClass(Participant.Key.class)
public class Participant extends PanacheEntityBase {
    public static final String OWNER = "owner";
    public static final String MODERATOR = "moderator";
    public static final String MEMBER = "member";
    public static final String GUEST = "guest";

    @Id
    @Column(name = "conversation_id")
    public UUID conversationId;

    @Id
    @Column(name = "participant_id")
    public String participantId;

    /** "user" or "guest". */
    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String role;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    /** Own {@link Permission} bits, or null for the conversation's defaults. */
    public Integer permissions;

    /** A cloud user who came in by the public link rather than being added. */
    @Column(name = "self_joined", nullable = false)
    public boolean selfJoined;

    @Column(nullable = false)
    public boolean favourite;

    /** default, always, mentions or never. */
    @Column(nullable = false)
    public String notifications = "default";

    /** The seq of the last message this participant has read. */
    @Column(name = "read_seq", nullable = false)
    public long readSeq;

    @Column(nullable = false)
    public boolean online;

    @Column(name = "in_call", nullable = false)
    public boolean inCall;

    @Column(nullable = false)
    public boolean audio;

    @Column(nullable = false)
    public boolean video;

    @Column(nullable = false)
    public boolean screen;

    @Column(name = "presence_at")
    public Instant presenceAt;

    public boolean isGuest() {
        return GUEST.equals(role);
    }

    /** What this participant may do now. */
    public int effectivePermissions(Conversation c) {
        return Permission.effective(role, permissions, c.defaultPermissions, c.whoMayStartCall);
    }

    public boolean moderates() {
        return OWNER.equals(role) || MODERATOR.equals(role);
    }

    public static class Key implements Serializable {
        public UUID conversationId;
        public String participantId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(conversationId, k.conversationId) && Objects.equals(participantId, k.participantId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, participantId);
        }
    }
}
