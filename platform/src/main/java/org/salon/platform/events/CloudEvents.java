package org.salon.platform.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.salon.contracts.events.CloudEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Builds the CloudEvents envelopes Salon publishes. */
public final class CloudEvents {

    public static <T> CloudEvent<T> envelope(String source, String type, String subject, T data) {
        return new CloudEvent<>(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), source, type, subject,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), CloudEvent.JSON, data);
    }

    /**
     * An event that is no state change (so not through the outbox): structured CloudEvents JSON, keyed by its subject
     * so that a conversation's events keep their order.
     */
    public static Message<String> message(ObjectMapper json, String source, String type, String subject, Object data) {
        String value;
        try {
            value = json.writeValueAsString(envelope(source, type, subject, data));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as an event: " + data, e);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(subject).withHeaders(headers).build());
    }

    private CloudEvents() {
    }
}
