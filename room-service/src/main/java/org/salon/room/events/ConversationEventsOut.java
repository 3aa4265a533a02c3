package org.salon.room.events;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.contracts.events.ConversationEvents;
import org.salon.contracts.events.Topics;
import org.salon.platform.events.CloudEvents;
import org.salon.platform.membership.Permission;
import org.salon.platform.outbox.Outbox;
import org.salon.room.domain.Conversation;
import org.salon.room.domain.Participant;

import io.smallrye.mutiny.Uni;

/** Where room-service's events leave: into the outbox, inside the transaction of the change, keyed by conversation. */
@ApplicationScoped
public class ConversationEventsOut {

    @Inject
    Outbox outbox;

    public Uni<Void> created(Conversation c) {
        return publish(c.id, ConversationEvents.CREATED,
                new ConversationEvents.Created(c.id.toString(), c.name, c.type.wire(), c.createdBy, c.createdAt, settings(c)));
    }

    public Uni<Void> renamed(Conversation c, String by) {
        return publish(c.id, ConversationEvents.RENAMED, new ConversationEvents.Renamed(c.id.toString(), c.name, by));
    }

    public Uni<Void> settingsChanged(Conversation c, String by) {
        return publish(c.id, ConversationEvents.SETTINGS_CHANGED,
                new ConversationEvents.SettingsChanged(c.id.toString(), settings(c), by));
    }

    public Uni<Void> lobbyChanged(Conversation c, String by) {
        return publish(c.id, ConversationEvents.LOBBY_CHANGED,
                new ConversationEvents.LobbyChanged(c.id.toString(), c.lobbyEnabled, c.lobbyOpenAt, by));
    }

    public Uni<Void> guestsChanged(Conversation c, String by) {
        return publish(c.id, c.allowsGuests() ? ConversationEvents.GUESTS_ALLOWED : ConversationEvents.GUESTS_DISALLOWED,
                new ConversationEvents.GuestsChanged(c.id.toString(), c.type.wire(), by));
    }

    public Uni<Void> passwordChanged(Conversation c, boolean set, String by) {
        return publish(c.id, set ? ConversationEvents.PASSWORD_SET : ConversationEvents.PASSWORD_REMOVED,
                new ConversationEvents.PasswordChanged(c.id.toString(), by));
    }

    public Uni<Void> deleted(Conversation c, String by) {
        return publish(c.id, ConversationEvents.DELETED, new ConversationEvents.Deleted(c.id.toString(), by));
    }

    public Uni<Void> participantAdded(Participant p, String by) {
        return publish(p.conversationId, ConversationEvents.PARTICIPANT_ADDED, new ConversationEvents.ParticipantAdded(
                p.conversationId.toString(), p.participantId, p.kind, p.role, p.displayName, by,
                Permission.namesOrNull(p.permissions), p.selfJoined));
    }

    public Uni<Void> participantChanged(Participant p, String previousRole, String by) {
        return publish(p.conversationId, ConversationEvents.PARTICIPANT_CHANGED, new ConversationEvents.ParticipantChanged(
                p.conversationId.toString(), p.participantId, p.role, previousRole, Permission.namesOrNull(p.permissions), by));
    }

    public Uni<Void> participantRemoved(Participant p, String reason, String by) {
        return publish(p.conversationId, ConversationEvents.PARTICIPANT_REMOVED, new ConversationEvents.ParticipantRemoved(
                p.conversationId.toString(), p.participantId, p.kind, reason, by));
    }

    private static ConversationEvents.Settings settings(Conversation c) {
        return new ConversationEvents.Settings(c.description, c.readOnly, c.whoMayStartCall, Permission.names(c.defaultPermissions));
    }

    private Uni<Void> publish(UUID conversation, String type, Object data) {
        String id = conversation.toString();
        return outbox.append(Topics.CONVERSATIONS, id, CloudEvents.envelope(ConversationEvents.SOURCE, type, id, data));
    }
}
