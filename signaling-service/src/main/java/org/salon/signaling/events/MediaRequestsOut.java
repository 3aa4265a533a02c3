package org.salon.signaling.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.salon.contracts.events.MediaEvents;
import org.salon.platform.events.CloudEvents;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Where a session's negotiation leaves for media-gateway: salon.media, keyed by conversation (one gateway instance
 * owns a call). Not through the outbox: nothing is stored, and a request lost with a crash is simply asked again.
 */
@ApplicationScoped
public class MediaRequestsOut {

    @Inject
    @Channel("media-requests")
    MutinyEmitter<String> emitter;

    @Inject
    ObjectMapper json;

    public Uni<Void> send(UUID conversation, MediaEvents.Request request) {
        String value;
        try {
            value = json.writeValueAsString(CloudEvents.envelope(MediaEvents.SIGNALING_SOURCE, MediaEvents.REQUEST, conversation.toString(), request));
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(conversation.toString()).withHeaders(headers).build());
        return emitter.sendMessage(message);
    }
}
