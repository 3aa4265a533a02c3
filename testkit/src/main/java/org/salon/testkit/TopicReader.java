package org.salon.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a topic from its beginning, as an integrator would, to assert on the events a service published. */
public final class TopicReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TopicReader(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Every record read so far, plus those arriving within {@code wait}. */
    public List<ConsumerRecord<String, String>> poll(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        } while (System.nanoTime() < deadline);
        return List.copyOf(seen);
    }

    /** Waits up to {@code wait} for records matching {@code match}; returns all matching records read. */
    public List<JsonNode> awaitEvents(Predicate<JsonNode> match, int atLeast, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<JsonNode> found;
        do {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            found = seen.stream().map(r -> parse(r.value())).filter(match).toList();
        } while (found.size() < atLeast && System.nanoTime() < deadline);
        return found;
    }

    public static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + value, e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
