package org.salon.signaling.api;

import org.salon.platform.problem.ProblemException;
import org.salon.signaling.domain.Calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The server's frames of the signaling protocol (docs/protocol.md). */
public final class Frames {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stable error codes, documented in docs/protocol.md. */
    public enum ErrorCode {
        bad_message, unknown_type, hello_required, unsupported_version, bad_conversation, too_many_conversations, forbidden,
        not_found, not_joined, conflict, rate_limited
    }

    public static String pong() {
        return frame("pong").toString();
    }

    /** A domain refusal as an error frame: 404 not_found, 409 conflict, 400 bad_message, else forbidden. */
    public static String refused(ProblemException refusal) {
        ErrorCode code = switch (refusal.status()) {
            case NOT_FOUND -> ErrorCode.not_found;
            case CONFLICT -> ErrorCode.conflict;
            case BAD_REQUEST -> ErrorCode.bad_message;
            default -> ErrorCode.forbidden;
        };
        return error(code, refusal.getMessage());
    }

    /** The conversation's call as it is now. */
    public static String call(Calls.CallState state) {
        ObjectNode f = frame("call");
        f.setAll(callState(state));
        return f.toString();
    }

    private static ObjectNode callState(Calls.CallState state) {
        ObjectNode f = JSON.createObjectNode().put("conversation", state.conversation().toString())
                .put("callId", state.callId() == null ? null : state.callId().toString()).put("startedBy", state.startedBy())
                .put("startedAt", state.startedAt() == null ? null : state.startedAt().toString());
        var participants = f.putArray("participants");
        state.participants().forEach(p -> participants.addObject().put("participantId", p.participantId()).put("audio", p.audio())
                .put("video", p.video()).put("screen", p.screen()));
        return f;
    }

    public static String callLeft(String conversation) {
        return frame("call-left").put("conversation", conversation).toString();
    }

    public static String controlled(String conversation, String action, String participant) {
        return frame("controlled").put("conversation", conversation).put("action", action).put("participant", participant).toString();
    }

    public static String welcome(String session, String instance) {
        ObjectNode f = frame("welcome").put("version", VERSION).put("session", session).put("instance", instance);
        f.putArray("features").add("conversation-events").add("chat-events").add("typing").add("calls");
        return f.toString();
    }

    /** Joined, with the conversation's call as it is (no callId and no participants when none runs). */
    public static String joined(String conversation, Calls.CallState call) {
        ObjectNode f = frame("joined").put("conversation", conversation);
        f.set("call", callState(call));
        return f.toString();
    }

    public static String left(String conversation) {
        return frame("left").put("conversation", conversation).toString();
    }

    /** The server took the connection out of a conversation: {@code reason} removed or deleted. */
    public static String left(String conversation, String reason) {
        return frame("left").put("conversation", conversation).put("reason", reason).toString();
    }

    public static String event(String conversation, JsonNode cloudEvent) {
        ObjectNode f = frame("event").put("conversation", conversation);
        f.set("event", cloudEvent);
        return f.toString();
    }

    public static String error(ErrorCode code, String message) {
        return frame("error").put("code", code.name()).put("message", message).toString();
    }

    private static ObjectNode frame(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private Frames() {
    }
}
