package org.salon.platform.membership;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.salon.contracts.events.ConversationEvents;
import org.salon.platform.events.IncomingEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where room-service's conversation events enter a service that keeps the membership projection (channel
 * {@code membership} on salon.conversations, one consumer group per service). Each event sets what it says, so
 * applying it twice changes nothing, and the projection can be rebuilt by reading the topic from its beginning.
 */
@ApplicationScoped
@IfBuildProperty(name = "salon.membership.enabled", stringValue = "true")
public class MembershipEventsIn {

    @Inject
    Pool db;

    @Inject
    ObjectMapper json;

    @Incoming("membership")
    public Uni<Void> onEvent(String value) {
        return IncomingEvent.apply(json, value, "salon.conversations", this::apply);
    }

    private Uni<Void> apply(IncomingEvent e) {
        return switch (e.type()) {
            case ConversationEvents.CREATED -> update("""
                    insert into membership_conversation (conversation_id, type) values ($1, $2)
                    on conflict (conversation_id) do nothing""", Tuple.of(e.conversation(), e.text("type")))
                    .chain(() -> settings(e, e.data().path("settings")));
            case ConversationEvents.SETTINGS_CHANGED -> settings(e, e.data().path("settings"));
            case ConversationEvents.LOBBY_CHANGED -> update("""
                    update membership_conversation set lobby_enabled = $2, lobby_open_at = $3 where conversation_id = $1""",
                    Tuple.of(e.conversation(), e.data().path("enabled").asBoolean(),
                            e.data().path("openAt").isTextual() ? e.at("openAt") : null));
            case ConversationEvents.GUESTS_ALLOWED, ConversationEvents.GUESTS_DISALLOWED -> update(
                    "update membership_conversation set type = $2 where conversation_id = $1", Tuple.of(e.conversation(), e.text("type")));
            case ConversationEvents.DELETED -> update("delete from membership where conversation_id = $1", Tuple.of(e.conversation()))
                    .chain(() -> update("update membership_conversation set deleted = true where conversation_id = $1",
                            Tuple.of(e.conversation())));
            case ConversationEvents.PARTICIPANT_ADDED -> update("""
                    insert into membership (conversation_id, participant_id, kind, role, permissions, display_name)
                    values ($1, $2, $3, $4, $5, $6)
                    on conflict (conversation_id, participant_id) do update set kind = excluded.kind, role = excluded.role,
                        permissions = excluded.permissions, display_name = excluded.display_name""",
                    Tuple.from(Arrays.asList(e.conversation(), e.text("participantId"), e.text("kind"), e.text("role"),
                            permissions(e.data().path("permissions")), e.text("displayName"))));
            case ConversationEvents.PARTICIPANT_CHANGED -> update("""
                    update membership set role = $3, permissions = $4 where conversation_id = $1 and participant_id = $2""",
                    Tuple.from(Arrays.asList(e.conversation(), e.text("participantId"), e.text("role"),
                            permissions(e.data().path("permissions")))));
            case ConversationEvents.PARTICIPANT_REMOVED -> update(
                    "delete from membership where conversation_id = $1 and participant_id = $2",
                    Tuple.of(e.conversation(), e.text("participantId")));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> settings(IncomingEvent e, JsonNode settings) {
        return update("""
                update membership_conversation set read_only = $2, who_may_start_call = $3, default_permissions = coalesce($4, default_permissions)
                where conversation_id = $1""", Tuple.of(e.conversation(), settings.path("readOnly").asBoolean(),
                settings.path("whoMayStartCall").asText("everyone"), permissions(settings.path("defaultPermissions"))));
    }

    /** Null for "the conversation's defaults"; an array of names otherwise. */
    private static Integer permissions(JsonNode names) {
        if (!names.isArray()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        names.forEach(n -> list.add(n.asText()));
        return Permission.known(list);
    }

    private Uni<Void> update(String sql, Tuple values) {
        return db.preparedQuery(sql).execute(values).replaceWithVoid();
    }
}
