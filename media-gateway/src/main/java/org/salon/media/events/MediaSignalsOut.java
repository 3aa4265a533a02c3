package org.salon.media.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.salon.contracts.events.MediaEvents;
import org.salon.platform.events.CloudEvents;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Where media-gateway's answers, offers and notices leave for one session: salon.media, keyed by conversation;
 * the signaling instance holding the session pushes it. Not through the outbox: nothing here is state.
 */
@ApplicationScoped
public class MediaSignalsOut {

    @Inject
    @Channel("media-signals")
    MutinyEmitter<String> emitter;

    @Inject
    ObjectMapper json;

    public Uni<Void> send(MediaEvents.Signal signal) {
        return emitter.sendMessage(CloudEvents.message(json, MediaEvents.GATEWAY_SOURCE, MediaEvents.SIGNAL, signal.conversationId(), signal));
    }
}
