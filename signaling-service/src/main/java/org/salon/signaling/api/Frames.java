package org.salon.signaling.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.salon.platform.membership.Membership;
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
        not_found, not_joined, conflict, rate_limited, internal_error
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

    /** The answer to call-join: the call, and the STUN/TURN servers for this participant's PeerConnections. */
    public static String joinedCall(Calls.CallState state, List<Map<String, Object>> iceServers) {
        ObjectNode f = frame("call");
        f.setAll(callState(state));
        f.set("iceServers", JSON.valueToTree(iceServers));
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

    /** {@code resumed}: the session of an earlier connection, with its conversations and calls. */
    public static String welcome(String session, String instance, boolean resumed, Collection<String> conversations) {
        ObjectNode f = frame("welcome").put("version", VERSION).put("session", session).put("instance", instance).put("resumed", resumed);
        f.putArray("features").add("conversation-events").add("chat-events").add("typing").add("calls").add("resume").add("speaking").add("bad-connection").add("invited")
                .add("media");
        var joined = f.putArray("conversations");
        conversations.forEach(joined::add);
        return f.toString();
    }

    /**
     * Joined, with the conversation's call as it is (no callId and no participants when none runs) and its
     * participants: who is online (on any instance) and who is in the call with which media.
     */
    public static String joined(String conversation, Calls.CallState call, List<Membership.Participant> participants, Set<String> online) {
        ObjectNode f = frame("joined").put("conversation", conversation);
        f.set("call", callState(call));
        var list = f.putArray("participants");
        for (Membership.Participant p : participants) {
            List<Calls.InCall> sessions = call.participants().stream().filter(c -> c.participantId().equals(p.participantId())).toList();
            list.addObject().put("participantId", p.participantId()).put("kind", p.kind()).put("role", p.role())
                    .put("name", p.displayName()).put("online", online.contains(p.participantId())).put("inCall", !sessions.isEmpty())
                    .put("audio", sessions.stream().anyMatch(Calls.InCall::audio)).put("video", sessions.stream().anyMatch(Calls.InCall::video))
                    .put("screen", sessions.stream().anyMatch(Calls.InCall::screen));
        }
        return f.toString();
    }

    public static ObjectNode typing(String conversation, String participant, String name, boolean typing) {
        return frame("typing").put("conversation", conversation).put("participant", participant).put("name", name).put("typing", typing);
    }

    public static ObjectNode speaking(String conversation, String participant, boolean speaking) {
        return frame("speaking").put("conversation", conversation).put("participant", participant).put("speaking", speaking);
    }

    /** This participant was added to a conversation (their conversation list has a new entry). */
    public static ObjectNode invited(String conversation) {
        return frame("invited").put("conversation", conversation);
    }

    /** The participant's feed reaches the SFU with packets lost: their tile shows a bad connection for a while. */
    public static ObjectNode badConnection(String conversation, String participant, String feed) {
        return frame("bad-connection").put("conversation", conversation).put("participant", participant).put("feed", feed);
    }

    /** media-gateway's signal for this session, as a {@code media} frame. */
    public static String media(JsonNode signal) {
        ObjectNode f = frame("media").put("conversation", signal.path("conversationId").asText());
        signal.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("conversationId") && !e.getKey().equals("session") && !e.getValue().isNull()) {
                f.set(e.getKey(), e.getValue());
            }
        });
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
