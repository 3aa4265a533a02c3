package org.salon.platform.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
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

    /** Appends to the outbox in the current Panache session's transaction. */
    public Uni<Void> append(String topic, String key, CloudEvent<?> event) {
        return Panache.getSession().chain(session -> append(session, topic, key, event));
    }

    private Uni<Void> append(Mutiny.Session session, String topic, String key, CloudEvent<?> event) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event not serialisable: " + event.type(), e));
        }
        return session.createNativeQuery("insert into outbox (event_id, topic, message_key, payload) values (:id, :topic, :key, :payload)")
                .setParameter("id", UUID.fromString(event.id()))
                .setParameter("topic", topic)
                .setParameter("key", key)
                .setParameter("payload", payload)
                .executeUpdate()
                .replaceWithVoid();
    }
}
