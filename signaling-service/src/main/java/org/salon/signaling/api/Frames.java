package org.salon.signaling.api;

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
        not_found, not_joined
    }

    public static String welcome(String session, String instance) {
        ObjectNode f = frame("welcome").put("version", VERSION).put("session", session).put("instance", instance);
        f.putArray("features").add("conversation-events").add("chat-events").add("typing");
        return f.toString();
    }

    public static String joined(String conversation) {
        return frame("joined").put("conversation", conversation).toString();
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
