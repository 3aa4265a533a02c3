package org.salon.signaling.api;

import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.salon.platform.membership.Membership;
import org.salon.platform.problem.ProblemException;
import org.salon.platform.security.GuestScope;
import org.salon.signaling.api.Frames.ErrorCode;
import org.salon.signaling.config.SignalingConfig;
import org.salon.signaling.domain.Calls;
import org.salon.signaling.domain.Subscriptions;
import org.salon.signaling.domain.TypingRelay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.mutiny.Uni;

/**
 * Where browsers' signaling frames enter: the {@code /ws} WebSocket, protocol in docs/protocol.md. The upgrade
 * request carries the same bearer token as the REST API (browsers pass it through the subprotocol header).
 */
@WebSocket(path = "/ws")
@Authenticated
public class SignalingEndpoint {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SignalingEndpoint.class);
    private static final TypedKey<String> SESSION_KEY = TypedKey.forString("salon.session");
    private static final TypedKey<String> GUEST_KEY = TypedKey.forString("salon.guest");
    private static final TypedKey<String> PARTICIPANT_KEY = TypedKey.forString("salon.participant");
    private static final TypedKey<FrameRate> RATE_KEY = new TypedKey<>("salon.rate");
    /** The close code of a connection whose token expired (docs/protocol.md). */
    static final int TOKEN_EXPIRED = 4401;

    @Inject
    ObjectMapper json;

    @Inject
    Subscriptions subscriptions;

    @Inject
    SignalingConfig config;

    @Inject
    SecurityIdentity identity;

    @Inject
    Membership membership;

    @Inject
    TypingRelay typing;

    @Inject
    Calls calls;

    @Inject
    io.vertx.core.Vertx vertx;

    /** Each frame gets its answer (or none, for typing), in the order the frames came. */
    @OnTextMessage
    Uni<Void> onFrame(String text, WebSocketConnection connection) {
        return handle(text, connection).chain(reply -> reply == null ? Uni.createFrom().voidItem() : connection.sendText(reply));
    }

    private Uni<String> handle(String text, WebSocketConnection connection) {
        FrameRate rate = connection.userData().get(RATE_KEY);
        if (rate != null && !rate.take()) {
            return answer(Frames.error(ErrorCode.rate_limited, "Too many frames; this one was dropped"));
        }
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (Exception e) {
            return answer(Frames.error(ErrorCode.bad_message, "The frame is not valid JSON"));
        }
        if (frame == null || !frame.isObject() || !frame.path("type").isTextual()) {
            return answer(Frames.error(ErrorCode.bad_message, "A frame is a JSON object with a string 'type'"));
        }
        String type = frame.get("type").asText();
        if (!"hello".equals(type) && !"ping".equals(type) && connection.userData().get(SESSION_KEY) == null) {
            return answer(Frames.error(ErrorCode.hello_required, "Send 'hello' first"));
        }
        return switch (type) {
            case "hello" -> answer(hello(frame, connection));
            case "ping" -> answer(Frames.pong());
            case "join" -> join(frame, connection);
            case "leave" -> answer(leave(frame, connection));
            case "typing" -> answer(typing(frame, connection));
            case "call-join", "call-media", "call-leave", "control" -> call(type, frame, connection);
            default -> answer(Frames.error(ErrorCode.unknown_type, "Unknown frame type '" + type + "'"));
        };
    }

    private static Uni<String> answer(String frame) {
        return Uni.createFrom().item(frame);
    }

    /** A guest's connection is noted under their conversation, to be closed when guests lose access to it. */
    @OnOpen
    void onOpen(WebSocketConnection connection) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return;
        }
        if (token.getGroups().contains(GuestScope.ROLE)) {
            connection.userData().put(GUEST_KEY, token.getSubject());
            subscriptions.guestConnected(connection, token.<String>claim(GuestScope.CONVERSATION_CLAIM).orElse(""));
        }
        // the token's expiry holds on the open socket too: the client reconnects with a fresh one. A second early,
        // so that this close (4401, which says why) comes before Quarkus' own at the expiry itself (1008)
        long left = token.getExpirationTime() * 1000 - System.currentTimeMillis() - 1000;
        vertx.setTimer(Math.max(1, left), id -> connection.close(new CloseReason(TOKEN_EXPIRED, "Your token expired"))
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("closing %s failed: %s", connection.id(), failure.getMessage())));
        connection.userData().put(RATE_KEY, new FrameRate(config.frameBurst(), config.framesPerSecond()));
    }

    /** A connection's frames: a bucket of {@code burst}, refilled at {@code perSecond}; only its own thread uses it. */
    static final class FrameRate {
        private final int burst;
        private final double perSecond;
        private double tokens;
        private long at = System.nanoTime();

        FrameRate(int burst, double perSecond) {
            this.burst = burst;
            this.perSecond = perSecond;
            this.tokens = burst;
        }

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - at) / 1e9 * perSecond);
            at = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    /** The participant (user or guest id) a connection joined conversations as, or null. */
    public static String participantOf(WebSocketConnection connection) {
        return connection.userData().get(PARTICIPANT_KEY);
    }

    /** The guest id of a guest's connection, or null. */
    public static String guestOf(WebSocketConnection connection) {
        return connection.userData().get(GUEST_KEY);
    }

    /** A closed connection leaves its conversations and its calls (non-blocking: the database client's event loop). */
    @OnClose
    Uni<Void> onClose(WebSocketConnection connection) {
        subscriptions.disconnected(connection);
        String session = connection.userData().get(SESSION_KEY);
        if (session == null) {
            return Uni.createFrom().voidItem();
        }
        return calls.leaveAll(session).onFailure().recoverWithUni(failure -> {
            LOG.warnf("session %s: leaving its calls failed: %s", session, failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    private String hello(JsonNode frame, WebSocketConnection connection) {
        if (frame.path("version").asInt(-1) != Frames.VERSION) {
            return Frames.error(ErrorCode.unsupported_version, "This server speaks version " + Frames.VERSION);
        }
        String session = UUID.randomUUID().toString();
        connection.userData().put(SESSION_KEY, session);
        return Frames.welcome(session, config.instance());
    }

    /** Only the conversation's participants join it (guests: only the one their token names). */
    private Uni<String> join(JsonNode frame, WebSocketConnection connection) {
        String conversation = conversationOf(frame);
        if (conversation == null) {
            return answer(Frames.error(ErrorCode.bad_conversation, "'conversation' must be a conversation id"));
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken token) || !GuestScope.allows(token, conversation)) {
            return answer(Frames.error(ErrorCode.forbidden, "A guest may only join the conversation they were let into"));
        }
        return membership.of(UUID.fromString(conversation), token.getSubject()).chain(place -> {
            if (!subscriptions.join(connection, conversation, config.maxJoinedConversations())) {
                return answer(Frames.error(ErrorCode.too_many_conversations,
                        "A connection may join at most " + config.maxJoinedConversations() + " conversations"));
            }
            connection.userData().put(PARTICIPANT_KEY, token.getSubject());
            return calls.state(UUID.fromString(conversation)).map(call -> Frames.joined(conversation, call));
        }).onFailure(ProblemException.class).recoverWithItem(f -> Frames.refused((ProblemException) f));
    }

    /** Typing or stopped, in a conversation this connection joined: relayed to its other connections, no answer. */
    private String typing(JsonNode frame, WebSocketConnection connection) {
        String conversation = conversationOf(frame);
        if (conversation == null) {
            return Frames.error(ErrorCode.bad_conversation, "'conversation' must be a conversation id");
        }
        if (!frame.path("typing").isBoolean()) {
            return Frames.error(ErrorCode.bad_message, "'typing' is true or false");
        }
        if (!subscriptions.joined(connection, conversation)) {
            return Frames.error(ErrorCode.not_joined, "Join the conversation first");
        }
        JsonWebToken token = (JsonWebToken) identity.getPrincipal();
        typing.typing(connection, conversation, token.getSubject(), token.<String>claim("name").orElse(token.getSubject()),
                frame.get("typing").asBoolean());
        return null;
    }

    /** Call frames, for a conversation this connection joined; refusals become error frames. */
    private Uni<String> call(String type, JsonNode frame, WebSocketConnection connection) {
        String conversation = conversationOf(frame);
        if (conversation == null) {
            return answer(Frames.error(ErrorCode.bad_conversation, "'conversation' must be a conversation id"));
        }
        if (!subscriptions.joined(connection, conversation)) {
            return answer(Frames.error(ErrorCode.not_joined, "Join the conversation first"));
        }
        UUID id = UUID.fromString(conversation);
        String me = participantOf(connection);
        String session = connection.userData().get(SESSION_KEY);
        Calls.Media media = new Calls.Media(frame.path("audio").asBoolean(false), frame.path("video").asBoolean(false),
                frame.path("screen").asBoolean(false));
        Uni<String> answer = switch (type) {
            case "call-join" -> calls.join(id, me, session, config.instance(), media).map(Frames::call);
            case "call-media" -> calls.media(id, me, session, media).map(Frames::call);
            case "call-leave" -> calls.leave(id, me, session).map(nothing -> Frames.callLeft(conversation));
            default -> calls.control(id, me, frame.path("action").asText(""), frame.path("participant").asText(null))
                    .map(nothing -> Frames.controlled(conversation, frame.path("action").asText(), frame.path("participant").asText(null)));
        };
        return answer.onFailure(ProblemException.class).recoverWithItem(f -> Frames.refused((ProblemException) f));
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
