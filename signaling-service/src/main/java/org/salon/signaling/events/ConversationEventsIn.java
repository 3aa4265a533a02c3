package org.salon.signaling.events;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.salon.platform.events.RecentEventIds;
import org.salon.signaling.api.Frames;
import org.salon.signaling.config.SignalingConfig;
import org.salon.signaling.domain.Subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Where conversation events enter signaling-service: pushed to the connections that joined the conversation. */
@ApplicationScoped
public class ConversationEventsIn {
    private static final Logger LOG = Logger.getLogger(ConversationEventsIn.class);

    @Inject
    ObjectMapper json;

    @Inject
    Subscriptions subscriptions;

    @Inject
    SignalingConfig config;

    @Inject
    MeterRegistry metrics;

    private RecentEventIds seen;
    private Counter duplicates;

    @PostConstruct
    void init() {
        seen = new RecentEventIds(config.recentEventIds());
        duplicates = metrics.counter("salon.signaling.duplicate.events");
    }

    @Incoming("conversation-events")
    public void onEvent(String value) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception e) {
            LOG.warnf("dropping an event that is not JSON: %s", e.getMessage());
            return;
        }
        String id = event.path("id").asText(null);
        String conversation = event.path("subject").asText(null);
        if (id == null || conversation == null) {
            LOG.warnf("dropping an event without id or subject");
            return;
        }
        if (!seen.firstTime(id)) {
            duplicates.increment();
            return;
        }
        String frame = Frames.event(conversation, event);
        subscriptions.members(conversation).forEach(c -> c.sendText(frame).subscribe().with(ok -> {
        }, failure -> LOG.debugf("push to %s failed: %s", c.id(), failure.getMessage())));
    }
}
