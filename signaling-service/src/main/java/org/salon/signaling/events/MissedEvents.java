package org.salon.signaling.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.salon.signaling.api.Frames;
import org.salon.signaling.domain.Session;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The events a resumed session missed while it was away: read again from the topics, from where it detached to
 * their end now, the ones of the conversations it rejoined, each once, a conversation's in order.
 */
@ApplicationScoped
public class MissedEvents {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    /** Blocking (a Kafka consumer of its own): call it off the event loop. Null when it could not read them all. */
    public List<Session.Outgoing> since(Map<String, Long> positions, Set<String> conversations, Duration wait) {
        Map<TopicPartition, Long> from = new HashMap<>();
        positions.forEach((key, offset) -> from.put(TopicPositions.partition(key), offset));
        if (from.isEmpty()) {
            return null;
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "signaling-resume");
        Map<TopicPartition, ArrayDeque<ConsumerRecord<String, String>>> read = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet(), wait);
            long deadline = System.nanoTime() + wait.toNanos();
            while (from.keySet().stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        read.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayDeque<>()).add(r);
                    }
                }
            }
        }
        Set<String> ids = new HashSet<>();
        List<Session.Outgoing> missed = new ArrayList<>();
        // one conversation's events are one partition of each topic: each partition in its order, merged by time
        while (!read.isEmpty()) {
            var first = read.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().peek().timestamp())).orElseThrow();
            ConsumerRecord<String, String> r = first.getValue().poll();
            if (first.getValue().isEmpty()) {
                read.remove(first.getKey());
            }
            LiveEventsIn.Event e = LiveEventsIn.Event.read(json, r.value());
            if (e != null && conversations.contains(e.conversation()) && ids.add(e.id())) {
                missed.add(new Session.Outgoing(Frames.event(e.conversation(), e.body()), e.id()));
            }
        }
        return missed;
    }
}
