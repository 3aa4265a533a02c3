package org.salon.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.salon.contracts.events.CloudEvent;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes the outbox to Kafka in commit order, then deletes what Kafka acknowledged, in one database
 * transaction. An advisory lock lets one relay at a time publish, so several instances of a service keep
 * each conversation's order. The producer is idempotent (acks=all, at most 5 requests in flight), so Kafka keeps a
 * partition's events in the order sent even when it retries. A batch is deleted only once Kafka acknowledged all of
 * it; a batch that failed halfway (a broker outage), or a crash before the delete, is published again whole: delivery
 * is at least once, in order, and consumers drop duplicates by event id. (A Kafka transaction per batch would hide a
 * half-published batch, but its two extra round trips to the transaction coordinator cost about 6 ms per batch here,
 * more than the rest of the hop: see docs/benchmarks.md.)
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key: "outbox" in ASCII. */
    private static final long LOCK = 0x6f7574626f78L;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    private KafkaProducer<String, String> producer;
    private Thread thread;
    private volatile boolean running;
    private Counter published;
    private final AtomicLong backlog = new AtomicLong();

    void start(@Observes StartupEvent startup) {
        if (!config.enabled()) {
            return;
        }
        published = Counter.builder("salon.outbox.published").description("events published from the outbox").register(metrics);
        Gauge.builder("salon.outbox.backlog", backlog, AtomicLong::get).description("events waiting in the outbox").register(metrics);
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer();
    }

    /** An idempotent producer that sends as soon as it is given an event. */
    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, application + "-outbox");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            int timeout = (int) config.sendTimeout().toMillis();
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
            props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /** After a failure the producer's state is unknown: drop it, unsent records with it, and start afresh. */
    private void closeProducer() {
        if (producer != null) {
            producer.close(java.time.Duration.ZERO);
            producer = null;
        }
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try (Connection listener = dataSource.getConnection()) {
                try (Statement s = listener.createStatement()) {
                    s.execute("LISTEN outbox");
                }
                PGConnection notifications = listener.unwrap(PGConnection.class);
                while (running) {
                    try {
                        while (publishBatch() == config.batchSize() && running) {
                            // a full batch: more may be waiting
                        }
                        backoff = 100;
                    } catch (org.apache.kafka.common.KafkaException e) {
                        // Kafka is away: keep the database listener, try again after a pause
                        LOG.warnf("outbox relay: %s; retrying in %d ms", e.getMessage(), backoff);
                        backoff = Math.min(backoff * 2, 5000);
                    }
                    notifications.getNotifications((int) (backoff > 100 ? backoff : config.pollInterval().toMillis()));
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warnf("outbox relay: %s; retrying in %d ms", e.getMessage(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    /** Publishes up to one batch; returns how many events it published. */
    int publishBatch() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int count = publishLocked(c);
                c.commit();
                return count;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    private int publishLocked(Connection c) throws Exception {
        try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK);
            try (ResultSet r = lock.executeQuery()) {
                if (!r.next() || !r.getBoolean(1)) {
                    return 0;
                }
            }
        }
        List<Long> ids = new ArrayList<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "select id, topic, message_key, payload, (select count(*) from outbox) from outbox order by id limit ?")) {
            select.setInt(1, config.batchSize());
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getLong(1));
                    backlog.set(r.getLong(5));
                    ProducerRecord<String, String> record = new ProducerRecord<>(r.getString(2), r.getString(3), r.getString(4));
                    record.headers().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                    records.add(record);
                }
            }
        }
        if (ids.isEmpty()) {
            backlog.set(0);
            return 0;
        }
        try {
            KafkaProducer<String, String> p = producer();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<String, String> record : records) {
                acks.add(p.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException e) {
            closeProducer();
            throw e.getCause() instanceof org.apache.kafka.common.KafkaException k ? k : new org.apache.kafka.common.KafkaException(e.getCause());
        } catch (RuntimeException e) {
            closeProducer();
            throw e;
        }
        try (PreparedStatement delete = c.prepareStatement("delete from outbox where id = any(?)")) {
            delete.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            delete.executeUpdate();
        }
        published.increment(ids.size());
        backlog.addAndGet(-ids.size());
        return ids.size();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
