package org.salon.signaling.api;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.salon.platform.membership.Membership;
import org.salon.platform.problem.ProblemException;
import org.salon.platform.security.GuestScope;
import org.salon.platform.security.TokenBucket;
import org.salon.signaling.api.Frames.ErrorCode;
import org.salon.signaling.config.SignalingConfig;
import org.salon.signaling.domain.Calls;
import org.salon.signaling.domain.Departures;
import org.salon.signaling.domain.IceServers;
import org.salon.signaling.domain.MediaRelay;
import org.salon.signaling.domain.Relay;
import org.salon.signaling.domain.Session;
import org.salon.signaling.domain.Sessions;
import org.salon.signaling.domain.Subscriptions;
import org.salon.signaling.events.MissedEvents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * Where browsers' signaling frames enter: the {@code /ws} WebSocket, protocol in docs/protocol.md. The upgrade
 * request carries the same bearer token as the REST API (browsers pass it through the subprotocol header).
 */
@WebSocket(path = "/ws")
@Authenticated
public class SignalingEndpoint {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SignalingEndpoint.class);
    private static final String DROPPED = Frames.error(ErrorCode.rate_limited, "Too many frames; this one was dropped");
    private static final TypedKey<Session> SESSION_KEY = new TypedKey<>("salon.session");
    /** How often, and how long, a resume waits for the instance still holding the session to let it go. */
    private static final int TAKEOVER_TRIES = 10;
    private static final Duration TAKEOVER_PAUSE = Duration.ofMillis(200);

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
    Relay relay;

    @Inject
    Calls calls;

    @Inject
    Sessions sessions;

    @Inject
    Departures departures;

    @Inject
    MissedEvents missedEvents;

    @Inject
    MediaRelay media;

    @Inject
    IceServers iceServers;

    /** Each frame gets its answer (or none, for indicators and media), in the order the frames came. */
    @OnTextMessage
    Uni<Void> onFrame(String text, WebSocketConnection connection) {
        return handle(text, connection.userData().get(SESSION_KEY))
                .chain(reply -> reply == null ? Uni.createFrom().voidItem() : connection.sendText(reply));
    }

    private Uni<String> handle(String text, Session session) {
        if (!session.mayReceiveFrame()) {
            return answer(DROPPED);
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
        if (!"hello".equals(type) && !"ping".equals(type) && session.id() == null) {
            return answer(Frames.error(ErrorCode.hello_required, "Send 'hello' first"));
        }
        if ("hello".equals(type) && session.id() != null) {
            return answer(Frames.error(ErrorCode.bad_message, "This connection already said hello"));
        }
        Uni<String> reply = Uni.createFrom().deferred(() -> switch (type) {
            case "hello" -> hello(frame, session);
            case "ping" -> answer(Frames.pong());
            case "join" -> inConversation(frame, session, false, conversation -> join(conversation, session));
            case "leave" -> inConversation(frame, session, false, conversation -> leave(conversation, session));
            case "typing", "speaking" -> inConversation(frame, session, true, conversation -> indicate(type, frame, conversation, session));
            case "call-join", "call-media", "call-leave", "control" -> inConversation(frame, session, true,
                    conversation -> call(type, frame, conversation, session));
            case "media" -> inConversation(frame, session, true,
                    conversation -> media.relay(UUID.fromString(conversation), session, frame).replaceWith((String) null));
            default -> answer(Frames.error(ErrorCode.unknown_type, "Unknown frame type '" + type + "'"));
        });
        return reply.onFailure(ProblemException.class).recoverWithItem(f -> Frames.refused((ProblemException) f))
                .onFailure().recoverWithItem(f -> {
                    LOG.warnf(f, "session %s: a '%s' frame failed", session.id(), type);
                    return Frames.error(ErrorCode.internal_error, "The server could not handle this frame now; try again");
                });
    }

    private static Uni<String> answer(String frame) {
        return Uni.createFrom().item(frame);
    }

    /** A frame about one conversation: its id checked, and (unless it is join or leave) joined by this connection. */
    private Uni<String> inConversation(JsonNode frame, Session session, boolean mustHaveJoined, Function<String, Uni<String>> handler) {
        String conversation = conversationOf(frame);
        if (conversation == null) {
            return answer(Frames.error(ErrorCode.bad_conversation, "'conversation' must be a conversation id"));
        }
        if (mustHaveJoined && !subscriptions.joined(session, conversation)) {
            return answer(Frames.error(ErrorCode.not_joined, "Join the conversation first"));
        }
        return handler.apply(conversation);
    }

    /** Frames are JSON text: a binary one is refused like any other bad frame (and counted against the rate). */
    @OnBinaryMessage
    Uni<Void> onBinaryFrame(Buffer frame, WebSocketConnection connection) {
        Session session = connection.userData().get(SESSION_KEY);
        return connection.sendText(session.mayReceiveFrame() ? Frames.error(ErrorCode.bad_message, "Frames are JSON text, not binary")
                : DROPPED);
    }

    /**
     * A message over the 64 KiB limit reaches here from Vert.x's frame aggregation: the client broke the protocol's
     * limit, so 1009 (message too big), not the 1011 of a server error that websockets-next would close with.
     */
    @OnError
    Uni<Void> onTooBig(IllegalStateException failure, WebSocketConnection connection) {
        if (failure.getMessage() != null && failure.getMessage().contains("to overflow")) {
            return connection.close(new CloseReason(1009, "Frames are at most 64 KiB"));
        }
        LOG.errorf(failure, "connection %s failed", connection.id());
        return connection.close(CloseReason.INTERNAL_SERVER_ERROR);
    }

    @OnOpen
    void onOpen(WebSocketConnection connection) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return;
        }
        String guestConversation = token.getGroups().contains(GuestScope.ROLE)
                ? token.<String>claim(GuestScope.CONVERSATION_CLAIM).orElse("")
                : null;
        // the token's expiry holds on the open socket too (TokenExpiry closes it a second early, with 4401)
        connection.userData().put(SESSION_KEY, new Session(connection, token.getSubject(), guestConversation,
                new TokenBucket(config.frameBurst(), config.framesPerSecond()), config.sendQueue(), token.getExpirationTime() * 1000));
    }

    /** The session of a connection (null before its upgrade was authenticated). */
    static Session sessionOf(WebSocketConnection connection) {
        return connection.userData().get(SESSION_KEY);
    }

    @OnClose
    Uni<Void> onClose(WebSocketConnection connection) {
        Session session = connection.userData().get(SESSION_KEY);
        if (session == null) {
            return Uni.createFrom().voidItem();
        }
        return departures.closed(session, connection.closeReason()).onFailure().recoverWithUni(failure -> {
            LOG.warnf("session %s: leaving failed: %s", session.id(), failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /** A new session, or (with {@code resume}) the one this participant's earlier connection had. */
    private Uni<String> hello(JsonNode frame, Session session) {
        if (frame.path("version").asInt(-1) != Frames.VERSION) {
            return answer(Frames.error(ErrorCode.unsupported_version, "This server speaks version " + Frames.VERSION));
        }
        JsonNode resume = frame.get("resume");
        if (resume != null && !resume.isNull()) {
            JsonNode lastSeq = frame.get("lastSeq");
            if (!resume.isTextual() || lastSeq != null && !lastSeq.isNull() && (!lastSeq.canConvertToLong() || lastSeq.asLong() < 0)) {
                return answer(Frames.error(ErrorCode.bad_message,
                        "'resume' is the session id of an earlier welcome, 'lastSeq' the seq of the last event frame received"));
            }
            return resume(resume.asText(), lastSeq == null || lastSeq.isNull() ? null : lastSeq.asLong(), session, TAKEOVER_TRIES);
        }
        return fresh(session);
    }

    private Uni<String> fresh(Session session) {
        session.started(UUID.randomUUID().toString());
        return sessions.started(session).invoke(() -> subscriptions.connected(session))
                .map(done -> Frames.welcome(session.id(), config.instance(), false, List.of()));
    }

    /**
     * Takes the earlier session over (asking the instance still holding it to let it go), rejoins its conversations
     * (those it may still join), sends again the event frames after {@code lastSeq}, then replays what it missed
     * before anything live. Unknown or expired: a new session.
     */
    private Uni<String> resume(String id, Long lastSeq, Session session, int tries) {
        return sessions.resume(id, session.participant()).chain(answer -> {
            if (answer instanceof Sessions.StillAttached && tries > 0) {
                relay.takeOver(id);
                return Uni.createFrom().voidItem().onItem().delayIt().by(TAKEOVER_PAUSE).chain(() -> resume(id, lastSeq, session, tries - 1));
            }
            if (!(answer instanceof Sessions.Taken taken)) {
                return fresh(session);
            }
            Sessions.Resumed was = taken.session();
            session.started(id);
            session.hold();
            subscriptions.connected(session);
            return rejoin(session, was.conversations()).chain(rejoined -> session.connection()
                    .sendText(Frames.welcome(id, config.instance(), true, rejoined))
                    .chain(() -> {
                        long got = lastSeq == null || lastSeq > was.lastSeq() ? was.lastSeq() : lastSeq;
                        List<Session.Numbered> lost = was.recent().stream().filter(n -> n.seq() > got).toList();
                        // numbering goes on from what the client had (a dead instance saved no number of its own)
                        session.resumeFrom(Math.max(was.lastSeq(), lastSeq == null ? 0 : lastSeq), lost);
                        boolean beyondRecent = got < was.lastSeq() && (lost.isEmpty() || lost.get(0).seq() > got + 1);
                        if (beyondRecent) {
                            session.resync();
                            return Uni.createFrom().voidItem();
                        }
                        return replay(session, was.positions(), Set.copyOf(rejoined));
                    }))
                    .replaceWith((String) null);
        });
    }

    /** The conversations the session may still join, joined again; for the others, a {@code left} frame. */
    private Uni<List<String>> rejoin(Session session, List<String> conversations) {
        List<String> rejoined = new java.util.concurrent.CopyOnWriteArrayList<>();
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String c : conversations) {
            all = all.chain(() -> membership.of(UUID.fromString(c), session.participant()).map(place -> {
                subscriptions.join(session, c, config.maxJoinedConversations());
                return rejoined.add(c);
            }).onFailure(ProblemException.class).recoverWithUni(refused -> {
                session.push(Frames.left(c, ((ProblemException) refused).status() == jakarta.ws.rs.core.Response.Status.NOT_FOUND
                        ? "deleted" : "removed"));
                return sessions.left(session.id(), session.participant(), UUID.fromString(c)).replaceWith(false);
            }).replaceWithVoid());
        }
        return all.map(done -> List.copyOf(rejoined));
    }

    /** What the session missed, from the topics, then what came live meanwhile; a resync when it cannot be read. */
    private Uni<Void> replay(Session session, java.util.Map<String, Long> positions, Set<String> conversations) {
        return Uni.createFrom().item(() -> missedEvents.since(positions, conversations, config.replayWait()))
                .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("session %s: missed events not read: %s", session.id(), failure.getMessage());
                    return null;
                })
                .invoke(missed -> {
                    if (missed == null) {
                        session.resync();
                    } else {
                        session.release(missed);
                    }
                }).replaceWithVoid();
    }

    /** Only the conversation's participants join it (guests: only the one their token names). */
    private Uni<String> join(String conversation, Session session) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token) || !GuestScope.allows(token, conversation)) {
            return answer(Frames.error(ErrorCode.forbidden, "A guest may only join the conversation they were let into"));
        }
        UUID id = UUID.fromString(conversation);
        return membership.of(id, session.participant()).chain(place -> {
            // live frames of the conversation from now on, but only after the answer (sent through the session)
            session.joining(conversation);
            if (!subscriptions.join(session, conversation, config.maxJoinedConversations())) {
                session.joined(conversation, null);
                return answer(Frames.error(ErrorCode.too_many_conversations,
                        "A connection may join at most " + config.maxJoinedConversations() + " conversations"));
            }
            // one after the other: they share the connection's database session
            return sessions.joined(session, id).chain(() -> calls.state(id)).chain(call -> membership.participants(id)
                    .chain(participants -> sessions.online(id).map(online -> Frames.joined(conversation, call, participants, online))))
                    .onItemOrFailure().transform((joined, failure) -> {
                        session.joined(conversation, joined);
                        if (failure != null) {
                            throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
                        }
                        return (String) null;
                    });
        });
    }

    private Uni<String> leave(String conversation, Session session) {
        subscriptions.leave(session, conversation);
        return sessions.left(session.id(), session.participant(), UUID.fromString(conversation)).map(done -> Frames.left(conversation));
    }

    /** Typing, or speaking (in the call): relayed to the conversation's other sessions on every instance, no answer. */
    private Uni<String> indicate(String type, JsonNode frame, String conversation, Session session) {
        if (!frame.path(type).isBoolean()) {
            return answer(Frames.error(ErrorCode.bad_message, "'" + type + "' is true or false"));
        }
        boolean on = frame.get(type).asBoolean();
        if ("typing".equals(type)) {
            JsonWebToken token = (JsonWebToken) identity.getPrincipal();
            relay.indicate(session, conversation, Frames.typing(conversation, session.participant(),
                    token.<String>claim("name").orElse(session.participant()), on));
            return answer(null);
        }
        return calls.state(UUID.fromString(conversation)).map(call -> {
            if (call.participants().stream().noneMatch(p -> p.session().equals(session.id()))) {
                return Frames.error(ErrorCode.conflict, "Only who is in the call speaks in it");
            }
            relay.indicate(session, conversation, Frames.speaking(conversation, session.participant(), on));
            return null;
        });
    }

    /** Call frames, for a conversation this connection joined. */
    private Uni<String> call(String type, JsonNode frame, String conversation, Session session) {
        UUID id = UUID.fromString(conversation);
        String me = session.participant();
        Calls.Media flags = new Calls.Media(frame.path("audio").asBoolean(false), frame.path("video").asBoolean(false),
                frame.path("screen").asBoolean(false));
        return switch (type) {
            case "call-join" -> calls.join(id, me, session.id(), config.instance(), flags)
                    .map(call -> Frames.joinedCall(call, iceServers.forParticipant(me)));
            case "call-media" -> calls.media(id, me, session.id(), flags).map(Frames::call);
            case "call-leave" -> calls.leave(id, me, session.id()).map(nothing -> Frames.callLeft(conversation));
            default -> calls.control(id, me, frame.path("action").asText(""), frame.path("participant").asText(null))
                    .map(nothing -> Frames.controlled(conversation, frame.path("action").asText(), frame.path("participant").asText(null)));
        };
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
