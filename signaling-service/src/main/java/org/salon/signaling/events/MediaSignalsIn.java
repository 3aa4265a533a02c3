package org.salon.signaling.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.salon.contracts.events.MediaEvents;
import org.salon.signaling.api.Frames;
import org.salon.signaling.domain.Session;
import org.salon.signaling.domain.Subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where media-gateway's signals enter: one for a session is pushed by the instance that holds it as a
 * {@code media} frame (every instance reads them all; the others drop it); who speaks, as Janus hears it, goes to
 * every session of the conversation as a {@code speaking} frame.
 */
@ApplicationScoped
public class MediaSignalsIn {
    private static final Logger LOG = Logger.getLogger(MediaSignalsIn.class);

    @Inject
    ObjectMapper json;

    @Inject
    Subscriptions subscriptions;

    @Incoming("media-signals")
    public void onSignal(String value) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception e) {
            LOG.warnf("dropping a media event that is not JSON: %s", e.getMessage());
            return;
        }
        if (!MediaEvents.SIGNAL.equals(event.path("type").asText())) {
            return;
        }
        JsonNode data = event.path("data");
        String conversation = data.path("conversationId").asText();
        if (!data.hasNonNull("session")) {
            // for everyone in the conversation: who speaks, as the SFU hears it
            if ("speaking".equals(data.path("kind").asText())) {
                subscriptions.push(conversation, Frames.speaking(conversation, data.path("participantId").asText(),
                        data.path("speaking").asBoolean()).toString(), null, null);
            }
            return;
        }
        Session session = subscriptions.byId(data.path("session").asText());
        if (session != null && session.conversations().contains(conversation)) {
            session.push(Frames.media(data));
        }
    }
}
