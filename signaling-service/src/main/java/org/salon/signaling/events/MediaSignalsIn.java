package org.salon.signaling.events;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.salon.contracts.events.MediaEvents;
import org.salon.signaling.api.Frames;
import org.salon.signaling.domain.Session;
import org.salon.signaling.domain.Subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where media-gateway's signals enter: one for a session is pushed by the instance that holds it as a
 * {@code media} frame (every instance reads them all; the others drop it); who speaks and whose feed loses packets,
 * as Janus hears it, go to every session of the conversation as {@code speaking} and {@code bad-connection} frames.
 */
@ApplicationScoped
public class MediaSignalsIn {
    private static final Logger LOG = Logger.getLogger(MediaSignalsIn.class);

    @Inject
    ObjectMapper json;

    @Inject
    Subscriptions subscriptions;

    @Inject
    MeterRegistry metrics;

    @Incoming("media-signals")
    public void onSignal(ConsumerRecord<String, String> record) {
        JsonNode event;
        try {
            event = json.readTree(record.value());
        } catch (Exception e) {
            LOG.warnf("dropping a media event that is not JSON: %s", e.getMessage());
            return;
        }
        if (!MediaEvents.SIGNAL.equals(event.path("type").asText())) {
            return;
        }
        JsonNode data = event.path("data");
        // from media-gateway's send to here: Kafka's part of a negotiation's round trip
        metrics.timer("salon.signaling.media.signal.wait", "kind", data.path("kind").asText()).record(
                Math.max(0, System.currentTimeMillis() - record.timestamp()), TimeUnit.MILLISECONDS);
        String conversation = data.path("conversationId").asText();
        if (!data.hasNonNull("session")) {
            // for everyone in the conversation: who speaks, and whose feed reaches the SFU badly, as the SFU hears it
            String participant = data.path("participantId").asText();
            switch (data.path("kind").asText()) {
                case "speaking" -> subscriptions.push(conversation, Frames.speaking(conversation, participant,
                        data.path("speaking").asBoolean()).toString(), null, null);
                case "slowlink" -> subscriptions.push(conversation, Frames.badConnection(conversation, participant,
                        data.path("feed").asText()).toString(), null, null);
                default -> LOG.debugf("media signal %s for a whole conversation ignored", data.path("kind").asText());
            }
            return;
        }
        Session session = subscriptions.byId(data.path("session").asText());
        if (session != null && session.conversations().contains(conversation)) {
            session.push(Frames.media(data));
        }
    }
}
