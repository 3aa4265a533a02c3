package org.salon.room.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.salon.platform.membership.Permission;
import org.salon.room.domain.Conversation;
import org.salon.room.domain.ConversationList;
import org.salon.room.domain.ConversationType;
import org.salon.room.domain.Participant;

/** What room-service answers: conversations as their participants see them, and participants. */
public final class Views {

    /** Non-moderators wait in the lobby while {@code active}. */
    public record LobbyView(boolean enabled, Instant openAt, boolean active) {
    }

    public record CallView(boolean running, Instant startedAt) {
    }

    /** The last chat message, as the list previews it: {@code system} names what a system message tells instead of text. */
    public record LastMessageView(String author, String text, String system) {
    }

    /**
     * A conversation as the caller sees it: {@code link} (the public link's token) is shown to cloud users only;
     * {@code role}, {@code permissions}, {@code favourite}, {@code notifications} and {@code unread} are the caller's
     * own; {@code joinable}: a public conversation found by search that the caller is not in yet.
     */
    public record ConversationView(UUID id, String name, String description, ConversationType type, boolean allowGuests,
            boolean hasPassword, String link, boolean readOnly, LobbyView lobby, String whoMayStartCall,
            List<String> defaultPermissions, String role, List<String> permissions, boolean favourite, String notifications,
            long unread, boolean joinable, CallView call, LastMessageView lastMessage, Instant lastActivity, String createdBy,
            Instant createdAt) {

        static ConversationView of(ConversationList.Entry entry, boolean guest) {
            Conversation c = entry.conversation();
            Participant me = entry.me();
            String name = c.type == ConversationType.ONE_TO_ONE && entry.otherName() != null ? entry.otherName() : c.name;
            return new ConversationView(c.id, name, c.description, c.type, c.allowsGuests(), c.passwordHash != null,
                    guest ? null : c.linkToken, c.readOnly,
                    new LobbyView(c.lobbyEnabled, c.lobbyOpenAt, c.lobbyActive(Instant.now()) && (me == null || !me.moderates())),
                    c.whoMayStartCall, Permission.names(c.defaultPermissions),
                    me == null ? null : me.role, me == null ? List.of() : Permission.names(me.effectivePermissions(c)),
                    me != null && me.favourite, me == null ? null : me.notifications,
                    me == null ? 0 : Math.max(0, c.lastSeq - me.readSeq), me == null,
                    new CallView(c.callStartedAt != null, c.callStartedAt),
                    c.lastMessageAuthor == null && c.lastMessageSystem == null ? null
                            : new LastMessageView(c.lastMessageAuthor, c.lastMessageText, c.lastMessageSystem),
                    c.lastActivity, c.createdBy, c.createdAt);
        }
    }

    /**
     * A participant: {@code permissions} are what they may do now, {@code ownPermissions} theirs if they differ
     * from the conversation's defaults; online and call state as signaling-service last reported.
     */
    public record ParticipantView(String participantId, String kind, String role, String displayName,
            List<String> permissions, List<String> ownPermissions, boolean selfJoined, boolean online, boolean inCall,
            boolean audio, boolean video, boolean screen, Instant joinedAt) {

        static ParticipantView of(Conversation c, Participant p) {
            return new ParticipantView(p.participantId, p.kind, p.role, p.displayName, Permission.names(p.effectivePermissions(c)),
                    Permission.namesOrNull(p.permissions), p.selfJoined, p.online, p.inCall, p.audio, p.video, p.screen,
                    p.joinedAt);
        }
    }

    private Views() {
    }
}
