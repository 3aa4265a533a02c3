package org.salon.contracts.events;

import java.time.Instant;
import java.util.List;

/** Data of the events on {@link Topics#CALLS}, keyed by conversation id. */
public final class CallEvents {
    public static final String SOURCE = "/salon/signaling-service";
    public static final String STARTED = "org.salon.call.started";
    public static final String ENDED = "org.salon.call.ended";
    public static final String PRESENCE = "org.salon.call.presence";

    public record Started(String conversationId, String callId, String startedBy, Instant startedAt) {
    }

    /** The last participant left; {@code participants}: everyone who was in the call. */
    public record Ended(String conversationId, String callId, Instant endedAt, long durationSeconds, List<String> participants) {
    }

    /** A participant's presence in the conversation and in its call, as of {@code at}. */
    public record Presence(String conversationId, String participantId, boolean online, boolean inCall, boolean audio,
            boolean video, boolean screen, Instant at) {
    }

    private CallEvents() {
    }
}
