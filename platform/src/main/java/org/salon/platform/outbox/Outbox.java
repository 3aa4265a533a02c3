package org.salon.platform.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.contracts.events.CloudEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Writes an event into the outbox table inside the caller's transaction, so the event exists if and
 * only if the change it describes was committed. {@link OutboxRelay} publishes it once it is.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    ObjectMapper json;

    /** An event as the outbox stores it. */
    public record Row(UUID eventId, String topic, String key, String payload) {
    }

    /**
     * The row for an event, for a caller that writes it in a statement of its own (a change and its event in one round
     * trip); what it writes must be the outbox's columns of this row.
     */
    public Row row(String topic, String key, CloudEvent<?> event) {
        try {
            return new Row(UUID.fromString(event.id()), topic, key, json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event not serialisable: " + event.type(), e);
        }
    }

    /** Appends to the outbox in the current Panache session's transaction. */
    public Uni<Void> append(String topic, String key, CloudEvent<?> event) {
        return Uni.createFrom().item(() -> row(topic, key, event)).chain(row -> Panache.getSession().chain(session -> session
                .createNativeQuery("insert into outbox (event_id, topic, message_key, payload) values (:id, :topic, :key, :payload)")
                .setParameter("id", row.eventId())
                .setParameter("topic", row.topic())
                .setParameter("key", row.key())
                .setParameter("payload", row.payload())
                .executeUpdate()))
                .replaceWithVoid();
    }
}
