package org.salon.signaling.events;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.salon.signaling.domain.Session;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * How far this instance has pushed the event topics to its sessions (topic:partition to the next offset). A
 * session that detaches takes a copy: exactly the events it was sent end there, and a resume replays from there.
 */
@ApplicationScoped
@Default
@Identifier(TopicPositions.NAME)
public class TopicPositions implements KafkaConsumerRebalanceListener {
    static final String NAME = "signaling-topic-positions";

    private final Map<String, Long> next = new ConcurrentHashMap<>();
    /** Records are pushed under the read lock; a detaching session leaves under the write lock. */
    private final ReentrantReadWriteLock pushing = new ReentrantReadWriteLock();

    /** Pushes a record, then counts it as pushed, with no detach in between. */
    void push(ConsumerRecord<String, String> record, Consumer<String> push) {
        pushing.readLock().lock();
        try {
            push.accept(record.value());
            next.put(key(record.topic(), record.partition()), record.offset() + 1);
        } finally {
            pushing.readLock().unlock();
        }
    }

    /** Takes the session out (nothing more is pushed to it) and says where in the topics it is. */
    public Map<String, Long> detach(Session session, Consumer<Session> takeOut) {
        pushing.writeLock().lock();
        try {
            takeOut.accept(session);
            return Map.copyOf(next);
        } finally {
            pushing.writeLock().unlock();
        }
    }

    public Map<String, Long> now() {
        return Map.copyOf(next);
    }

    /** A partition this instance has not pushed anything of yet starts where its consumer starts. */
    @Override
    public void onPartitionsAssigned(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> next.putIfAbsent(key(p.topic(), p.partition()), consumer.position(p)));
    }

    static String key(String topic, int partition) {
        return topic + ":" + partition;
    }

    static TopicPartition partition(String key) {
        int colon = key.lastIndexOf(':');
        return new TopicPartition(key.substring(0, colon), Integer.parseInt(key.substring(colon + 1)));
    }
}
