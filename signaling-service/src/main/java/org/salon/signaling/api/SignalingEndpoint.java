package org.salon.signaling.api;

import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.salon.platform.security.GuestScope;
import org.salon.signaling.api.Frames.ErrorCode;
import org.salon.signaling.config.SignalingConfig;
import org.salon.signaling.domain.Subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.websockets.next.UserData.TypedKey;

/**
 * Where browsers' signaling frames enter: the {@code /ws} WebSocket, protocol in docs/protocol.md. The upgrade
 * request carries the same bearer token as the REST API (browsers pass it through the subprotocol header).
 */
@WebSocket(path = "/ws")
@Authenticated
public class SignalingEndpoint {
    private static final TypedKey<String> SESSION_KEY = TypedKey.forString("salon.session");
    private static final TypedKey<String> GUEST_KEY = TypedKey.forString("salon.guest");

    @Inject
    ObjectMapper json;

    @Inject
    Subscriptions subscriptions;

    @Inject
    SignalingConfig config;

    @Inject
    SecurityIdentity identity;

    @OnTextMessage
    String onFrame(String text, WebSocketConnection connection) {
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (Exception e) {
            return Frames.error(ErrorCode.bad_message, "The frame is not valid JSON");
        }
        if (frame == null || !frame.isObject() || !frame.path("type").isTextual()) {
            return Frames.error(ErrorCode.bad_message, "A frame is a JSON object with a string 'type'");
        }
        String type = frame.get("type").asText();
        if (!"hello".equals(type) && connection.userData().get(SESSION_KEY) == null) {
            return Frames.error(ErrorCode.hello_required, "Send 'hello' first");
        }
        return switch (type) {
            case "hello" -> hello(frame, connection);
            case "join" -> join(frame, connection);
            case "leave" -> leave(frame, connection);
            default -> Frames.error(ErrorCode.unknown_type, "Unknown frame type '" + type + "'");
        };
    }

    /** A guest's connection is noted under their conversation, to be closed when guests lose access to it. */
    @OnOpen
    void onOpen(WebSocketConnection connection) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getGroups().contains(GuestScope.ROLE)) {
            connection.userData().put(GUEST_KEY, token.getSubject());
            subscriptions.guestConnected(connection, token.<String>claim(GuestScope.CONVERSATION_CLAIM).orElse(""));
        }
    }

    /** The guest id of a guest's connection, or null. */
    public static String guestOf(WebSocketConnection connection) {
        return connection.userData().get(GUEST_KEY);
    }

    @OnClose
    void onClose(WebSocketConnection connection) {
        subscriptions.disconnected(connection);
    }

    private String hello(JsonNode frame, WebSocketConnection connection) {
        if (frame.path("version").asInt(-1) != Frames.VERSION) {
            return Frames.error(ErrorCode.unsupported_version, "This server speaks version " + Frames.VERSION);
        }
        String session = UUID.randomUUID().toString();
        connection.userData().put(SESSION_KEY, session);
        return Frames.welcome(session, config.instance());
    }

    private String join(JsonNode frame, WebSocketConnection connection) {
        String conversation = conversationOf(frame);
        if (conversation == null) {
            return Frames.error(ErrorCode.bad_conversation, "'conversation' must be a conversation id");
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken token) || !GuestScope.allows(token, conversation)) {
            return Frames.error(ErrorCode.forbidden, "A guest may only join the conversation they were let into");
        }
        if (!subscriptions.join(connection, conversation, config.maxJoinedConversations())) {
            return Frames.error(ErrorCode.too_many_conversations,
                    "A connection may join at most " + config.maxJoinedConversations() + " conversations");
        }
        return Frames.joined(conversation);
    }

    private String leave(JsonNode frame, WebSocketConnection connection) {
        String conversation = conversationOf(frame);
        if (conversation == null) {
            return Frames.error(ErrorCode.bad_conversation, "'conversation' must be a conversation id");
        }
        subscriptions.leave(connection, conversation);
        return Frames.left(conversation);
    }

    private static String conversationOf(JsonNode frame) {
        String id = frame.path("conversation").asText(null);
        try {
            return id == null ? null : UUID.fromString(id).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
