package org.salon.room.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.salon.contracts.events.UserEvents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where user events enter room-service: a snapshot per change, kept in directory_user so that participants can be
 * checked (unknown or disabled users are refused). Applying a snapshot twice, or an older one after a newer, changes
 * nothing; the view can be rebuilt by reading the topic from its beginning.
 */
@ApplicationScoped
public class UserEventsIn {
    private static final Logger LOG = Logger.getLogger(UserEventsIn.class);

    @Inject
    Pool db;

    @Inject
    ObjectMapper json;

    @Incoming("user-events")
    public Uni<Void> onEvent(String value) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception e) {
            LOG.warnf("dropping a user event that is not JSON: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (!UserEvents.CHANGED.equals(event.path("type").asText())) {
            return Uni.createFrom().voidItem();
        }
        JsonNode data = event.path("data");
        return db.preparedQuery("""
                insert into directory_user (id, login, display_name, enabled, changed_at) values ($1, $2, $3, $4, $5)
                on conflict (id) do update set login = excluded.login, display_name = excluded.display_name,
                    enabled = excluded.enabled, changed_at = excluded.changed_at
                where directory_user.changed_at <= excluded.changed_at""")
                .execute(Tuple.of(UUID.fromString(data.path("userId").asText()), data.path("login").asText(),
                        data.path("displayName").asText(), data.path("enabled").asBoolean(),
                        OffsetDateTime.parse(event.path("time").asText())))
                .replaceWithVoid();
    }
}
