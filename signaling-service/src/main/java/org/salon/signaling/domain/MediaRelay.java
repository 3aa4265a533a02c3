package org.salon.signaling.domain;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.contracts.events.MediaEvents;
import org.salon.contracts.events.MediaEvents.Feed;
import org.salon.contracts.events.MediaEvents.RequestKind;
import org.salon.platform.membership.Membership;
import org.salon.platform.membership.Permission;
import org.salon.platform.problem.ProblemException;
import org.salon.signaling.config.SignalingConfig;
import org.salon.signaling.events.MediaRequestsOut;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A session's WebRTC negotiation on its way to media-gateway: checked here first (the session is in the call, the
 * frame is whole, and the participant may send what the offer carries), so nothing refused reaches the SFU.
 */
@ApplicationScoped
public class MediaRelay {
    private static final Pattern AUDIO_LINE = Pattern.compile("(?m)^m=audio ");
    private static final Pattern VIDEO_LINE = Pattern.compile("(?m)^m=video ");
    /** An SDP fits in a frame (64 KiB), with room for the rest of it. */
    private static final int MAX_SDP = 60_000;

    @Inject
    Membership membership;

    @Inject
    MediaRequestsOut requests;

    @Inject
    SignalingConfig config;

    @Inject
    MeterRegistry metrics;

    /** Checks a client's {@code media} frame and sends it on; a refusal is a {@link ProblemException}. */
    public Uni<Void> relay(UUID conversation, Session session, JsonNode frame) {
        Timer.Sample relaying = Timer.start(metrics);
        // both checks at once: each is a round trip to PostgreSQL on the way of every offer, answer and candidate
        return Uni.createFrom().item(() -> read(conversation, session, frame)).chain(request -> Uni.combine().all()
                .unis(inCall(conversation, session.id()), membership.of(conversation, session.participant())).asTuple()
                .map(checked -> {
                    if (!checked.getItem1()) {
                        throw ProblemException.conflict("Join the call first");
                    }
                    return checked.getItem2();
                }).invoke(place -> allowed(place.outOfLobby(), request)).chain(place -> requests.send(conversation, request))
                // the checks and Kafka's acknowledgement: this service's part of a negotiation's round trip
                .invoke(() -> relaying.stop(metrics.timer("salon.signaling.media.relay", "kind", request.kind().name()))));
    }

    /** The session left the call (or was removed from it): media-gateway releases its feeds and subscription. */
    public Uni<Void> left(UUID conversation, String session, String participant) {
        return requests.send(conversation, new MediaEvents.Request(conversation.toString(), session, participant, config.instance(),
                RequestKind.leave, null, null, null, null, null, null, Instant.now()));
    }

    /** A moderator muted the participant: media-gateway stops forwarding the session's microphone. */
    public Uni<Void> muted(UUID conversation, String session, String participant) {
        return requests.send(conversation, new MediaEvents.Request(conversation.toString(), session, participant, config.instance(),
                RequestKind.configure, Feed.camera, null, null, false, null, null, Instant.now()));
    }

    private MediaEvents.Request read(UUID conversation, Session session, JsonNode frame) {
        RequestKind kind = enumOf(RequestKind.class, frame.path("kind").asText(""), "kind");
        if (kind == RequestKind.leave) {
            throw ProblemException.badRequest("Leave the call with call-leave");
        }
        boolean needsFeed = kind == RequestKind.publish || kind == RequestKind.unpublish || kind == RequestKind.restart
                || kind == RequestKind.configure;
        Feed feed = frame.hasNonNull("feed") || needsFeed ? enumOf(Feed.class, frame.path("feed").asText(""), "feed") : null;
        String sdp = null;
        if (kind == RequestKind.publish || kind == RequestKind.restart || kind == RequestKind.answer) {
            if (!frame.path("sdp").isTextual() || frame.get("sdp").asText().isBlank()) {
                throw ProblemException.badRequest("'" + kind + "' needs the session description in 'sdp'");
            }
            sdp = frame.get("sdp").asText();
            if (sdp.length() > MAX_SDP) {
                throw ProblemException.badRequest("'sdp' is longer than " + MAX_SDP + " characters");
            }
        }
        MediaEvents.Candidate candidate = kind == RequestKind.candidate ? candidate(frame.path("candidate")) : null;
        Integer layer = null;
        if (kind == RequestKind.layer) {
            if (!frame.path("layer").isInt() || frame.get("layer").asInt() < 0 || frame.get("layer").asInt() > 2) {
                throw ProblemException.badRequest("'layer' is 0 (lowest), 1 or 2 (highest)");
            }
            layer = frame.get("layer").asInt();
        }
        Boolean audio = flag(frame, "audio");
        Boolean video = flag(frame, "video");
        return new MediaEvents.Request(conversation.toString(), session.id(), session.participant(), config.instance(), kind, feed, sdp,
                candidate, audio, video, layer, Instant.now());
    }

    /** A trickled candidate, or null (JSON null) when the browser finished gathering. */
    private static MediaEvents.Candidate candidate(JsonNode c) {
        if (c.isNull()) {
            return null;
        }
        if (!c.isObject() || !c.path("candidate").isTextual() || c.get("candidate").asText().length() > 1000) {
            throw ProblemException.badRequest("'candidate' is {candidate, sdpMid, sdpMLineIndex}, or null when gathering is done");
        }
        return new MediaEvents.Candidate(c.get("candidate").asText(), c.path("sdpMid").asText(null),
                c.path("sdpMLineIndex").isInt() ? c.get("sdpMLineIndex").asInt() : null);
    }

    private static Boolean flag(JsonNode frame, String name) {
        JsonNode value = frame.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ProblemException.badRequest("'" + name + "' is true or false");
        }
        return value.asBoolean();
    }

    /** What an offer or a configure would send must be allowed: microphone, camera, screen. */
    private static void allowed(Membership.Place place, MediaEvents.Request r) {
        if (r.feed() == Feed.screen && (r.kind() == RequestKind.publish || r.kind() == RequestKind.restart)
                && !place.may(Permission.SHARE_SCREEN)) {
            throw ProblemException.forbidden("You may not share your screen in this conversation");
        }
        boolean offersAudio = r.sdp() != null && r.kind() != RequestKind.answer && AUDIO_LINE.matcher(r.sdp()).find();
        boolean offersVideo = r.sdp() != null && r.kind() != RequestKind.answer && VIDEO_LINE.matcher(r.sdp()).find();
        if (r.feed() == Feed.camera && (offersAudio || Boolean.TRUE.equals(r.audio())) && !place.may(Permission.PUBLISH_AUDIO)) {
            throw ProblemException.forbidden("You may not publish audio in this conversation");
        }
        if (r.feed() == Feed.camera && (offersVideo || Boolean.TRUE.equals(r.video())) && !place.may(Permission.PUBLISH_VIDEO)) {
            throw ProblemException.forbidden("You may not publish video in this conversation");
        }
    }

    private static Uni<Boolean> inCall(UUID conversation, String session) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select count(*) from call_session where conversation_id = :c and session = :s", Long.class)
                .setParameter("c", conversation).setParameter("s", session).getSingleResult())).map(n -> n > 0);
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String field) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        throw ProblemException.badRequest("'" + field + "' is one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
}
