package org.salon.platform.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.salon.contracts.events.CloudEvent;

/** Builds the CloudEvents envelopes Salon publishes. */
public final class CloudEvents {

    public static <T> CloudEvent<T> envelope(String source, String type, String subject, T data) {
        return new CloudEvent<>(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), source, type, subject,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), CloudEvent.JSON, data);
    }

    private CloudEvents() {
    }
}
