package org.salon.room.events;

import java.time.Duration;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * A CloudEvent read from a topic. One that cannot be read (not JSON, fields missing) is logged and dropped rather
 * than blocking its partition; a failing database is waited for, so that no event is skipped.
 */
record IncomingEvent(String type, JsonNode data, String time) {
    private static final Logger LOG = Logger.getLogger(IncomingEvent.class);

    /** Applies the event; see the class comment for what happens when that fails. */
    static Uni<Void> apply(ObjectMapper json, String value, String topic, Function<IncomingEvent, Uni<Void>> handler) {
        IncomingEvent event = parse(json, value, topic);
        Uni<Void> applied;
        try {
            applied = handler.apply(event);
        } catch (RuntimeException unreadable) {
            LOG.warnf("dropping an event on %s that cannot be read: %s", topic, unreadable.toString());
            return Uni.createFrom().voidItem();
        }
        return applied.onFailure().invoke(f -> LOG.warnf("applying an event of %s failed, retrying: %s", topic, f.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely();
    }

    private static IncomingEvent parse(ObjectMapper json, String value, String topic) {
        try {
            JsonNode event = json.readTree(value);
            return new IncomingEvent(event.path("type").asText(), event.path("data"), event.path("time").asText());
        } catch (Exception e) {
            LOG.warnf("dropping an event on %s that is not JSON: %s", topic, e.getMessage());
            return new IncomingEvent("", null, null);
        }
    }

    String text(String field) {
        return data.path(field).asText();
    }
}
