package org.salon.media.events;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.salon.contracts.events.MediaEvents;
import org.salon.media.domain.MediaCalls;
import org.salon.media.domain.RequestPosition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Where sessions' negotiation enters media-gateway: {@code org.salon.media.request} on salon.media, keyed by
 * conversation. All gateway instances share one consumer group, so one instance holds a call's partition and
 * handles its requests one after the other, in order.
 */
@ApplicationScoped
public class MediaRequestsIn {
    private static final Logger LOG = Logger.getLogger(MediaRequestsIn.class);

    @Inject
    ObjectMapper json;

    @Inject
    MediaCalls calls;

    @Inject
    MeterRegistry metrics;

    @Incoming("media-requests")
    public Uni<Void> onRequest(ConsumerRecord<String, String> record) {
        MediaEvents.Request request;
        try {
            JsonNode event = json.readTree(record.value());
            if (!MediaEvents.REQUEST.equals(event.path("type").asText())) {
                return Uni.createFrom().voidItem(); // our own signals, on the same topic
            }
            request = json.treeToValue(event.path("data"), MediaEvents.Request.class);
        } catch (Exception e) {
            LOG.warnf("dropping a media request that cannot be read: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (request.conversationId() == null || request.session() == null || request.kind() == null) {
            LOG.warnf("dropping a media request without conversation, session or kind");
            return Uni.createFrom().voidItem();
        }
        // how long the request took to get here (signaling-service's send, Kafka, the requests before it) and to handle
        String kind = request.kind().name();
        metrics.timer("salon.media.request.wait", "kind", kind).record(Math.max(0, System.currentTimeMillis() - record.timestamp()),
                TimeUnit.MILLISECONDS);
        Timer.Sample handling = Timer.start(metrics);
        return calls.handle(request, new RequestPosition(record.partition(), record.offset()))
                .onTermination().invoke(() -> handling.stop(metrics.timer("salon.media.request.handling", "kind", kind))).onFailure().recoverWithUni(failure -> {
            LOG.warnf("conversation=%s session %s: %s failed: %s", request.conversationId(), request.session(), request.kind(),
                    failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }
}
