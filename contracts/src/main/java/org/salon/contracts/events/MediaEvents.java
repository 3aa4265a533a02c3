package org.salon.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * Data of the events on {@link Topics#MEDIA}, keyed by conversation id: WebRTC negotiation between a participant's
 * browser (through signaling-service) and the SFU (through media-gateway). Browsers never reach Janus's API.
 */
public final class MediaEvents {
    public static final String SIGNALING_SOURCE = "/salon/signaling-service";
    public static final String GATEWAY_SOURCE = "/salon/media-gateway";
    /** A session asks media-gateway for something: publish a feed, subscribe, answer, trickle, restart ICE, configure. */
    public static final String REQUEST = "org.salon.media.request";
    /** media-gateway tells one session something: an answer, an offer, a candidate, the call's feeds, re-publish. */
    public static final String SIGNAL = "org.salon.media.signal";

    /** What a request asks. */
    public enum RequestKind {
        /** Send a feed: {@code sdp} is the browser's offer. */
        publish,
        /** Stop sending a feed. */
        unpublish,
        /** Receive the other participants' feeds: media-gateway answers with an offer. */
        subscribe,
        /** The browser's answer to a subscription offer. */
        answer,
        /** A trickled ICE candidate of the feed's (or the subscription's) PeerConnection; none: gathering done. */
        candidate,
        /** ICE restart of a PeerConnection: {@code sdp} is the browser's new offer for a published feed. */
        restart,
        /** The camera feed's microphone or camera turned on or off, without renegotiation. */
        configure,
        /** Lower or higher simulcast layer of a feed this session receives ({@code layer} 0-2). */
        layer,
        /** The session left the call (or was removed, or its connection is gone for good): release its feeds. */
        leave
    }

    /** What a signal tells. */
    public enum SignalKind {
        /** media-gateway's answer to a publish or restart offer. */
        answer,
        /** An offer for the session's subscription (first, or updated as feeds come and go). */
        offer,
        /** An ICE candidate of the SFU's side. */
        candidate,
        /** The call's feeds now: who sends what. */
        feeds,
        /** The call moved to another SFU node: publish and subscribe again. */
        republish,
        /** The request failed: {@code reason} says why. */
        error,
        /** For the whole call (no session): {@code participantId} started or stopped speaking, as Janus hears it. */
        speaking,
        /**
         * Packets are lost: to a session, on its own connection ({@code reason} says which way); for the whole call
         * (no session), {@code participantId}'s {@code feed} reaches the SFU badly (a bad-connection indicator).
         */
        slowlink
    }

    /** Camera feed (microphone and camera) or screen share (a window or the whole screen). */
    public enum Feed {
        camera, screen
    }

    public record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex) {
    }

    public record Request(String conversationId, String session, String participantId, String instance, RequestKind kind, Feed feed,
            String sdp, Candidate candidate, Boolean audio, Boolean video, Integer layer, Instant at) {
    }

    /**
     * One feed in the call: whose, which, whether its audio and video are on, and its {@code stream}: the stream id
     * its tracks carry in the subscription's session description ({@code a=msid:<stream> …}), so a client knows
     * whose tracks it receives.
     */
    public record CallFeed(String participantId, String session, Feed feed, boolean audio, boolean video, String stream) {
    }

    /** {@code session} null: for every session of the conversation. */
    public record Signal(String conversationId, String session, SignalKind kind, Feed feed, String sdp, Candidate candidate,
            List<CallFeed> feeds, String reason, String participantId, Boolean speaking) {

        /** A signal to one session. */
        public static Signal to(String conversationId, String session, SignalKind kind, Feed feed, String sdp, List<CallFeed> feeds,
                String reason) {
            return new Signal(conversationId, session, kind, feed, sdp, null, feeds, reason, null, null);
        }
    }

    private MediaEvents() {
    }
}
