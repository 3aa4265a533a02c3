package org.salon.room.events;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.salon.contracts.events.UserEvents;
import org.salon.platform.events.IncomingEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where user events enter room-service: a snapshot per change, kept in directory_user so that participants can be
 * checked (unknown or disabled users are refused) and participants carry the directory's current names. Applying a snapshot twice, or an older one after a newer, changes
 * nothing; the view can be rebuilt by reading the topic from its beginning.
 */
@ApplicationScoped
public class UserEventsIn {
    @Inject
    Pool db;

    @Inject
    ObjectMapper json;

    @Incoming("user-events")
    public Uni<Void> onEvent(String value) {
        return IncomingEvent.apply(json, value, "salon.users", this::apply);
    }

    /** The newer snapshot replaces the older, and the user's participants take their new name. */
    private Uni<Void> apply(IncomingEvent event) {
        if (!UserEvents.CHANGED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        JsonNode data = event.data();
        return db.preparedQuery("""
                with changed as (
                    insert into directory_user (id, login, display_name, enabled, changed_at) values ($1, $2, $3, $4, $5)
                    on conflict (id) do update set login = excluded.login, display_name = excluded.display_name,
                        enabled = excluded.enabled, changed_at = excluded.changed_at
                    where directory_user.changed_at <= excluded.changed_at
                    returning id)
                update participant set display_name = $3
                where participant_id = $1::text and kind = 'user' and exists (select 1 from changed)""")
                .execute(Tuple.of(UUID.fromString(data.path("userId").asText()), data.path("login").asText(),
                        data.path("displayName").asText(), data.path("enabled").asBoolean(),
                        event.time()))
                .replaceWithVoid();
    }
}
