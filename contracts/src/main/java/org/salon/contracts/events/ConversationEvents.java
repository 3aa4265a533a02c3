package org.salon.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * Data of the events on {@link Topics#CONVERSATIONS}, keyed by conversation id; the CloudEvent {@code type} names the
 * record. Consumers build their own view of conversations from these alone.
 */
public final class ConversationEvents {
    public static final String SOURCE = "/salon/room-service";
    public static final String CREATED = "org.salon.conversation.created";
    public static final String RENAMED = "org.salon.conversation.renamed";
    public static final String SETTINGS_CHANGED = "org.salon.conversation.settings.changed";
    public static final String LOBBY_CHANGED = "org.salon.conversation.lobby.changed";
    public static final String GUESTS_ALLOWED = "org.salon.conversation.guests.allowed";
    public static final String GUESTS_DISALLOWED = "org.salon.conversation.guests.disallowed";
    public static final String PASSWORD_SET = "org.salon.conversation.password.set";
    public static final String PASSWORD_REMOVED = "org.salon.conversation.password.removed";
    public static final String DELETED = "org.salon.conversation.deleted";
    public static final String PARTICIPANT_ADDED = "org.salon.conversation.participant.added";
    public static final String PARTICIPANT_CHANGED = "org.salon.conversation.participant.changed";
    public static final String PARTICIPANT_REMOVED = "org.salon.conversation.participant.removed";

    /**
     * What participants may do, unless their own permissions say otherwise. {@code whoMayStartCall}: everyone, users
     * or moderators. Permissions: start_call, join_call, publish_audio, publish_video, share_screen, chat.
     */
    public record Settings(String description, boolean readOnly, String whoMayStartCall, List<String> defaultPermissions) {
    }

    /** A conversation came to be, with its settings; its participants follow as participant.added. */
    public record Created(String conversationId, String name, String type, String createdBy, Instant createdAt,
            Settings settings) {
    }

    public record Renamed(String conversationId, String name, String renamedBy) {
    }

    public record SettingsChanged(String conversationId, Settings settings, String changedBy) {
    }

    /** Non-moderators wait in the lobby while it is enabled and {@code openAt} (if any) has not come. */
    public record LobbyChanged(String conversationId, boolean enabled, Instant openAt, String changedBy) {
    }

    /**
     * Guests allowed (the conversation becomes public) or disallowed (it becomes a group: its guests, link and password
     * are gone, and guests' connections to it must be closed).
     */
    public record GuestsChanged(String conversationId, String type, String changedBy) {
    }

    /** A guests' password was set, changed or removed; the hash never leaves room-service. */
    public record PasswordChanged(String conversationId, String changedBy) {
    }

    public record Deleted(String conversationId, String deletedBy) {
    }

    /**
     * Someone became a participant: a user (kind "user") or a guest who joined by link (kind "guest").
     * {@code permissions}: their own, or null for the conversation's defaults (moderators may do everything).
     * {@code selfJoined}: a cloud user who came in by the public link.
     */
    public record ParticipantAdded(String conversationId, String participantId, String kind, String role, String displayName,
            String addedBy, List<String> permissions, boolean selfJoined) {
    }

    /** A participant's role or own permissions changed (permissions null: the conversation's defaults). */
    public record ParticipantChanged(String conversationId, String participantId, String role, String previousRole,
            List<String> permissions, String changedBy) {
    }

    /** {@code reason}: left, removed (by {@code removedBy}) or guests_disallowed. */
    public record ParticipantRemoved(String conversationId, String participantId, String kind, String reason,
            String removedBy) {
    }

    private ConversationEvents() {
    }
}
