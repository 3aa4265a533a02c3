package org.salon.platform.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "salon.outbox")
public interface OutboxConfig {
    /** Whether this instance publishes the outbox (several may; one at a time holds the lock). */
    @WithDefault("true")
    boolean enabled();

    /** Longest wait between two looks at the table when no commit notification arrives. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Events published per transaction. */
    @WithDefault("200")
    int batchSize();

    /** How long to wait for Kafka's acknowledgement before trying the batch again. */
    @WithDefault("10s")
    Duration sendTimeout();
}
