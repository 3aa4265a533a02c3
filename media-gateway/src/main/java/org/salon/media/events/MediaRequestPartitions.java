package org.salon.media.events;

import java.util.Collection;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.salon.media.domain.CallStore;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * salon.media partitions given to this instance (at its start, or from an instance that went away) are read from
 * where their requests were handled up to, as saved with the calls, not from Kafka's committed offset, which lags
 * by up to a commit interval: after a crash no request is applied twice (a second publish of a feed, an old answer),
 * and none sent while no gateway ran is skipped.
 */
@ApplicationScoped
@Identifier(MediaRequestPartitions.NAME)
public class MediaRequestPartitions implements KafkaConsumerRebalanceListener {
    static final String NAME = "media-request-partitions";

    @Inject
    CallStore store;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<Integer, Long> handled = store.requestPositions();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition p : partitions) {
            Long next = handled.get(p.partition());
            // past the partition's end: the topic was deleted and made again
            if (next != null && next <= ends.get(p)) {
                consumer.seek(p, next);
            } else {
                store.requestsStartAt(p.partition(), consumer.position(p));
            }
        }
    }
}
