package org.salon.platform.events;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * A CloudEvent read from a topic by a consumer that keeps a view of it. One that cannot be read (not JSON, fields
 * missing) is logged and dropped rather than blocking its partition; a failing database is waited for, so that no
 * event is skipped.
 */
public record IncomingEvent(String id, String type, JsonNode data, OffsetDateTime time) {
    private static final Logger LOG = Logger.getLogger(IncomingEvent.class);

    /** Applies the event; see the class comment for what happens when that fails. */
    public static Uni<Void> apply(ObjectMapper json, String value, String topic, Function<IncomingEvent, Uni<Void>> handler) {
        Uni<Void> applied;
        try {
            JsonNode event = json.readTree(value);
            applied = handler.apply(new IncomingEvent(event.path("id").asText(), event.path("type").asText(), event.path("data"),
                    OffsetDateTime.parse(event.path("time").asText())));
        } catch (Exception unreadable) {
            LOG.warnf("dropping an event on %s that cannot be read: %s", topic, unreadable.toString());
            return Uni.createFrom().voidItem();
        }
        return applied.onFailure().invoke(f -> LOG.warnf("applying an event of %s failed, retrying: %s", topic, f.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely();
    }

    public String text(String field) {
        return data.path(field).asText();
    }

    public UUID conversation() {
        return UUID.fromString(text("conversationId"));
    }

    public OffsetDateTime at(String field) {
        return OffsetDateTime.parse(text(field));
    }
}
