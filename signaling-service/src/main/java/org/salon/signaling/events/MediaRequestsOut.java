package org.salon.signaling.events;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.salon.contracts.events.MediaEvents;
import org.salon.platform.events.CloudEvents;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Where a session's negotiation leaves for media-gateway: salon.media, keyed by conversation (one gateway instance
 * owns a call). Not through the outbox: nothing is stored, and a request lost with a crash is simply asked again.
 */
@ApplicationScoped
public class MediaRequestsOut {

    @Inject
    @Channel("media-requests")
    MutinyEmitter<String> emitter;

    @Inject
    ObjectMapper json;

    public Uni<Void> send(UUID conversation, MediaEvents.Request request) {
        return emitter.sendMessage(CloudEvents.message(json, MediaEvents.SIGNALING_SOURCE, MediaEvents.REQUEST, conversation.toString(), request));
    }
}
