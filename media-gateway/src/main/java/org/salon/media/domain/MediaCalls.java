package org.salon.media.domain;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.salon.contracts.events.MediaEvents.Candidate;
import org.salon.contracts.events.MediaEvents.Feed;
import org.salon.contracts.events.MediaEvents.Request;
import org.salon.contracts.events.MediaEvents.Signal;
import org.salon.media.config.MediaConfig;
import org.salon.contracts.events.MediaEvents.SignalKind;
import org.salon.media.domain.CallRoom.Published;
import org.salon.media.domain.CallRoom.SessionMedia;
import org.salon.media.events.MediaSignalsOut;
import org.salon.media.janus.JanusException;
import org.salon.media.janus.JanusTransport;
import org.salon.platform.logging.ConversationLog;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Calls' media on the Janus cluster: each call a VideoRoom on the least-loaded operational node, created at its
 * first publish or subscription and destroyed when its last session leaves; each session's requests (relayed by
 * signaling-service, already checked there) turned into VideoRoom requests, and Janus's answers and offers into
 * signals for that session. When a node fails its calls are dropped from it and every session is told to publish
 * and subscribe again: the next request places the call on another node.
 */
@ApplicationScoped
public class MediaCalls {
    private static final ConversationLog LOG = ConversationLog.of(MediaCalls.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern AUDIO = Pattern.compile("(?m)^m=audio ");
    private static final Pattern VIDEO = Pattern.compile("(?m)^m=video ");

    private final Map<String, CallRoom> rooms = new ConcurrentHashMap<>();

    @Inject
    JanusCluster cluster;

    @Inject
    MediaSignalsOut signals;

    @Inject
    MediaConfig config;

    @Inject
    CallStore store;

    /** Requests wait for the calls of this instance's last run to be claimed back or started again. */
    private Uni<Void> restored = Uni.createFrom().voidItem();

    /** Runs after {@link JanusCluster}'s start (nodes connecting, their old sessions being claimed). */
    void start(@Observes StartupEvent started) {
        cluster.onNodeFailed(this::nodeFailed);
        cluster.onNodeEvent(this::janusEvent);
        List<CallStore.SavedCall> saved = store.mine();
        Uni<Void> all = Uni.createFrom().voidItem();
        for (CallStore.SavedCall call : saved) {
            all = all.chain(() -> restore(call));
        }
        restored = all.onFailure().recoverWithUni(failure -> {
            LOG.warn("-", "calls of the last run not restored: %s", failure.getMessage());
            return Uni.createFrom().voidItem();
        }).memoize().indefinitely();
        restored.subscribe().with(ok -> {
        }, failure -> {
        });
    }

    /**
     * A call of this instance's last run: if its node gave the Janus session back, the call carries on as it was
     * (its handles, rooms and PeerConnections never stopped); otherwise its room is destroyed and its sessions publish
     * again, as when a node fails.
     */
    private Uni<Void> restore(CallStore.SavedCall saved) {
        JanusNode node = cluster.nodes().stream().filter(n -> n.name().equals(saved.node())).findFirst().orElse(null);
        if (node == null) {
            store.forget(saved.conversation(), null);
            List<String> sessions = saved.state().getJsonArray("sessions").stream().map(j -> ((JsonObject) j).getString("session")).toList();
            return republish(saved.conversation(), sessions, "The media server of this call is gone");
        }
        return settled(node).chain(() -> {
            CallRoom call = CallRoom.of(saved.conversation(), node, saved.state());
            if (node.transport().session() == saved.janusSession()) {
                rooms.put(call.conversation, call);
                node.streamsChanged(call.streams());
                LOG.info(call.conversation, "call media carries on on janus node %s, room %d (session claimed back)", node.name(), call.room);
                return Uni.createFrom().voidItem();
            }
            store.forget(call.conversation, null);
            Uni<Void> destroyed = node.state() == JanusNode.State.FAILED ? Uni.createFrom().voidItem()
                    // a Janus that restarted has no such room: the handle goes either way
                    : call.janus.attach().chain(control -> destroy(call, control).onFailure().recoverWithNull()
                            .chain(() -> call.janus.detach(control)))
                            .onFailure().recoverWithUni(gone -> Uni.createFrom().voidItem());
            return destroyed.chain(() -> republish(call.conversation, call.sessions.keySet(), "The media server of this call lost it"));
        });
    }

    /** Once the node's first connection succeeded or failed (bounded: a node that hangs counts as failed). */
    private Uni<Void> settled(JanusNode node) {
        return Multi.createFrom().ticks().every(Duration.ofMillis(50)).map(tick -> node.transport().link())
                .filter(link -> link != JanusTransport.Link.CONNECTING).toUni().replaceWithVoid()
                .ifNoItem().after(config.failAfter().plus(config.requestTimeout())).recoverWithItem((Void) null);
    }

    /**
     * Janus's events about a session's handles: a published feed's PeerConnection came up (its media can be
     * subscribed now: subscriptions follow) or went down for good (hangup: a dead browser or network; its handle is
     * released); its microphone talks or stopped (speaking, to the whole conversation); packets are lost (slowlink),
     * or a medium the feed should carry stops arriving (media): bad-connection warnings.
     */
    private void janusEvent(JanusNode node, JsonObject event) {
        String what = event.getString("janus", "");
        String plugin = event.getJsonObject("plugindata", new JsonObject()).getJsonObject("data", new JsonObject()).getString("videoroom", "");
        long handle = event.getLong("sender", 0L);
        if (!"webrtcup".equals(what) && !"hangup".equals(what) && !"slowlink".equals(what) && !"media".equals(what)
                && !"talking".equals(plugin) && !"stopped-talking".equals(plugin) && !"updated".equals(plugin)) {
            return;
        }
        for (CallRoom room : rooms.values()) {
            if (room.node != node) {
                continue;
            }
            for (SessionMedia s : room.sessions.values()) {
                if (s.subscriber != null && s.subscriber == handle) {
                    // Janus renegotiates a subscription by itself when a feed it carries goes away: its offer
                    Uni<Void> told = "slowlink".equals(what) ? warnSlow(room, s, null, event) : reofferred(room, s, event);
                    told.subscribe().with(ok -> {
                    }, failure -> LOG.info(room.conversation, "%s %s to %s not sent: %s", what, plugin, s.session, failure.getMessage()));
                    return;
                }
                for (Map.Entry<Feed, Published> e : s.published.entrySet()) {
                    if (e.getValue().handle() == handle) {
                        Uni<Void> change = switch (what) {
                            case "webrtcup" -> Uni.createFrom().item(s.published.put(e.getKey(), e.getValue().up())).chain(() -> feedsChanged(room));
                            case "hangup" -> Uni.createFrom().item(s.published.remove(e.getKey())).chain(() -> release(room, handle, 1))
                                    .chain(() -> feedsChanged(room));
                            case "slowlink" -> warnSlow(room, s, e.getKey(), event);
                            case "media" -> warnSilent(room, s, e.getKey(), e.getValue(), event);
                            // the publisher's own handle hears whether it talks: told once to the whole conversation
                            default -> signals.send(new Signal(room.conversation, null, SignalKind.speaking, e.getKey(), null, null, null, null,
                                    s.participant, "talking".equals(plugin)));
                        };
                        change.eventually(() -> persist(room.conversation, null)).subscribe().with(ok -> {
                        }, failure -> LOG.info(room.conversation, "after %s %s of handle %d: %s", what, plugin, handle, failure.getMessage()));
                        return;
                    }
                }
            }
        }
    }

    /** An offer Janus made of its own for a subscription (its feeds changed), passed on to the session. */
    private Uni<Void> reofferred(CallRoom room, SessionMedia s, JsonObject event) {
        JsonObject jsep = event.getJsonObject("jsep");
        if (jsep == null || !"offer".equals(jsep.getString("type"))) {
            return Uni.createFrom().voidItem();
        }
        remember(s, event.getJsonObject("plugindata").getJsonObject("data"));
        return signal(room, s, SignalKind.offer, null, jsep.getString("sdp"));
    }

    /**
     * Janus misses packets of a session or the session misses Janus's (Janus's {@code uplink}: its own sending
     * side): the session is warned which way; a feed that reaches Janus badly is bad for everyone who watches it, so
     * the whole conversation hears whose connection is bad.
     */
    private Uni<Void> warnSlow(CallRoom room, SessionMedia s, Feed feed, JsonObject event) {
        boolean sending = !event.getBoolean("uplink", false);
        return warn(room, s, feed, sending, "Packets lost while " + (sending ? "sending" : "receiving") + " "
                + event.getString("media", "media") + " (" + event.getValue("lost", "?") + " lost)");
    }

    /**
     * Janus stopped receiving a medium of a feed that should carry it (not one turned off): the publisher's network
     * or browser stopped sending it.
     */
    private Uni<Void> warnSilent(CallRoom room, SessionMedia s, Feed feed, Published p, JsonObject event) {
        String medium = event.getString("type", "media");
        boolean expected = "audio".equals(medium) ? p.audio() : p.video();
        return event.getBoolean("receiving", true) || !expected ? Uni.createFrom().voidItem()
                : warn(room, s, feed, true, "No " + medium + " from you reaches the media server");
    }

    /** Warns the session; what it sends badly is bad for whoever watches it, so the whole conversation hears whose. */
    private Uni<Void> warn(CallRoom room, SessionMedia s, Feed feed, boolean sending, String why) {
        Uni<Void> own = signals.send(Signal.to(room.conversation, s.session, SignalKind.slowlink, feed, null, null, why));
        LOG.info(room.conversation, "session %s: %s", s.session, why);
        return feed == null || !sending ? own
                : own.chain(() -> signals.send(new Signal(room.conversation, null, SignalKind.slowlink, feed, null, null, null, null,
                        s.participant, null)));
    }

    /**
     * One request of one session, read at {@code at}; a refusal by Janus becomes an {@code error} signal to that
     * session. The call is saved as it stands after it, with the request's position (where a restart reads on).
     */
    public Uni<Void> handle(Request r, RequestPosition at) {
        return restored.chain(() -> apply(r)).eventually(() -> persist(r.conversationId(), at));
    }

    private Uni<Void> apply(Request r) {
        Uni<Void> done = switch (r.kind()) {
            case publish -> room(r.conversationId()).chain(room -> publish(room, room.session(r.session(), r.participantId()), r));
            case subscribe -> room(r.conversationId()).chain(room -> {
                SessionMedia s = room.session(r.session(), r.participantId());
                return s.subscriber == null ? subscribe(room, s) : restartSubscription(room, s);
            });
            // then feeds that came up while the offer was on its way join the subscription
            case answer -> inRoom(r, (room, s) -> s.subscriber == null ? refused("No subscription to answer")
                    : room.janus.message(s.subscriber, new JsonObject().put("request", "start"), "answer", r.sdp()).chain(() -> update(room, s)));
            case candidate -> inRoom(r, (room, s) -> {
                Long handle = r.feed() == null ? s.subscriber : handleOf(s, r.feed());
                return handle == null ? refused("No PeerConnection for that candidate") : room.janus.trickle(handle, candidate(r.candidate()));
            });
            case restart -> inRoom(r, (room, s) -> {
                Published p = s.published.get(r.feed());
                return p == null ? refused("Not publishing " + r.feed())
                        : room.janus.message(p.handle(), new JsonObject().put("request", "configure"), "offer", r.sdp())
                                .chain(reply -> signal(room, s, SignalKind.answer, r.feed(), reply.sdp()));
            });
            case configure -> inRoom(r, (room, s) -> {
                Published p = s.published.get(r.feed());
                if (p == null) {
                    return refused("Not publishing " + r.feed());
                }
                JsonObject body = new JsonObject().put("request", "configure");
                boolean audio = r.audio() == null ? p.audio() : r.audio();
                boolean video = r.video() == null ? p.video() : r.video();
                body.put("audio", audio).put("video", video);
                s.published.put(r.feed(), p.with(audio, video));
                return room.janus.message(p.handle(), body).chain(() -> feedsChanged(room));
            });
            case layer -> inRoom(r, (room, s) -> {
                if (s.subscriber == null) {
                    return refused("No subscription");
                }
                JsonArray streams = new JsonArray();
                s.videoMids.forEach(mid -> streams.add(new JsonObject().put("mid", mid).put("substream", r.layer())));
                return room.janus.message(s.subscriber, new JsonObject().put("request", "configure").put("streams", streams)).replaceWithVoid();
            });
            case unpublish -> inRoom(r, (room, s) -> {
                Published p = s.published.remove(r.feed());
                return p == null ? Uni.createFrom().voidItem() : release(room, p.handle(), 1).chain(() -> feedsChanged(room));
            });
            case leave -> leave(r.conversationId(), r.session());
        };
        return done.onFailure(JanusException.class).recoverWithUni(failure -> {
            LOG.info(r.conversationId(), "session %s: %s refused: %s", r.session(), r.kind(), failure.getMessage());
            return signals.send(Signal.to(r.conversationId(), r.session(), SignalKind.error, r.feed(), null, null,
                    r.kind() + ": " + failure.getMessage()));
        });
    }

    private interface InRoom {
        Uni<Void> apply(CallRoom room, SessionMedia session);
    }

    private Uni<Void> inRoom(Request r, InRoom action) {
        CallRoom room = rooms.get(r.conversationId());
        SessionMedia s = room == null ? null : room.sessions.get(r.session());
        return s == null ? refused("Not in this call's media; publish or subscribe first") : action.apply(room, s);
    }

    private static Uni<Void> refused(String why) {
        return Uni.createFrom().failure(new JanusException(0, why));
    }

    /** The call's room, created on the least-loaded operational node when there is none. */
    private Uni<CallRoom> room(String conversation) {
        CallRoom existing = rooms.get(conversation);
        if (existing != null) {
            return Uni.createFrom().item(existing);
        }
        JanusNode node = cluster.forNewCall().orElse(null);
        if (node == null) {
            return Uni.createFrom().failure(new JanusException(0, "No media server is available"));
        }
        var janus = new org.salon.media.janus.VideoRoom(node.transport());
        long id = 1 + (RANDOM.nextLong() >>> 11); // a positive id that JavaScript numbers hold exactly
        String secret = token();
        String pin = token();
        return janus.attach().chain(control -> janus.message(control, new JsonObject().put("request", "create").put("room", id)
                .put("admin_key", config.apiSecret()) // only media-gateway creates rooms (Janus's admin_key)
                .put("secret", secret).put("pin", pin).put("is_private", true).put("permanent", false).put("publishers", 100)
                .put("audiolevel_event", true).put("audio_active_packets", 25).put("audio_level_average", config.talkingLevel())
                .put("notify_joining", true).put("videocodec", "vp8,h264").put("fir_freq", 10))
                .map(created -> {
                    CallRoom room = new CallRoom(conversation, node, id, secret, pin, control);
                    CallRoom raced = rooms.putIfAbsent(conversation, room);
                    LOG.info(conversation, "call media on janus node %s, room %d", node.name(), id);
                    return raced == null ? room : raced;
                }));
    }

    private Uni<Void> publish(CallRoom room, SessionMedia s, Request r) {
        if (s.published.containsKey(r.feed())) {
            return refused("Already publishing " + r.feed() + "; unpublish or restart it");
        }
        boolean audio = AUDIO.matcher(r.sdp()).find();
        boolean video = VIDEO.matcher(r.sdp()).find();
        JsonObject join = new JsonObject().put("request", "joinandconfigure").put("ptype", "publisher").put("room", room.room)
                .put("pin", room.pin).put("display", s.participant + " " + r.feed());
        if (r.feed() == Feed.screen) {
            join.put("bitrate", 2_500_000); // a screen's text stays sharp: resolution before frame rate
        }
        return room.janus.attach().chain(handle -> room.janus.message(handle, join, "offer", r.sdp()).chain(reply -> {
            s.published.put(r.feed(), new Published(handle, reply.data().getLong("id"), audio, video, false));
            room.node.streamsChanged(1);
            return signal(room, s, SignalKind.answer, r.feed(), reply.sdp());
        }).onFailure().call(() -> room.janus.detach(handle).onFailure().recoverWithNull())).chain(() -> feedsChanged(room));
    }

    /** The session's subscription to everyone else's feeds: Janus offers, the browser answers. */
    private Uni<Void> subscribe(CallRoom room, SessionMedia s) {
        s.wantsFeeds = true;
        if (s.subscriber != null) {
            return update(room, s);
        }
        Set<Long> feeds = room.feedIdsFor(s);
        if (feeds.isEmpty()) {
            return signals.send(feedsSignal(room, s)); // nothing to receive yet: the offer comes with the first feed
        }
        if (!s.subscribing.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem(); // one subscription; feeds that come meanwhile join it after the answer
        }
        JsonArray streams = new JsonArray();
        feeds.forEach(f -> streams.add(new JsonObject().put("feed", f)));
        return room.janus.attach().chain(handle -> room.janus.message(handle, new JsonObject().put("request", "join")
                .put("ptype", "subscriber").put("room", room.room).put("pin", room.pin).put("use_msid", true).put("streams", streams))
                .chain(reply -> {
                    s.subscriber = handle;
                    s.subscribed.addAll(feeds);
                    room.node.streamsChanged(feeds.size());
                    remember(s, reply);
                    // the feeds first: they say whose tracks the offer carries
                    return signals.send(feedsSignal(room, s)).chain(() -> signal(room, s, SignalKind.offer, null, reply.sdp()));
                }).onFailure().call(() -> room.janus.detach(handle).onFailure().recoverWithNull()))
                .eventually(() -> s.subscribing.set(false));
    }

    /**
     * A session that asks for a subscription it has: its PeerConnection failed. Janus offers again with an ICE
     * restart, brought in line with the room's feeds first.
     */
    private Uni<Void> restartSubscription(CallRoom room, SessionMedia s) {
        return update(room, s).chain(() -> room.janus.message(s.subscriber, new JsonObject().put("request", "configure").put("restart", true)))
                .chain(reply -> reply.sdp() == null ? Uni.createFrom().voidItem() : signal(room, s, SignalKind.offer, null, reply.sdp()));
    }

    /** Brings a subscription in line with the room's feeds; Janus offers again when that changed anything. */
    private Uni<Void> update(CallRoom room, SessionMedia s) {
        Set<Long> wanted = room.feedIdsFor(s);
        JsonArray add = new JsonArray();
        JsonArray drop = new JsonArray();
        wanted.stream().filter(f -> !s.subscribed.contains(f)).forEach(f -> add.add(new JsonObject().put("feed", f)));
        s.subscribed.stream().filter(f -> !wanted.contains(f)).forEach(f -> drop.add(new JsonObject().put("feed", f)));
        if (add.isEmpty() && drop.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        JsonObject body = new JsonObject().put("request", "update");
        if (!add.isEmpty()) {
            body.put("subscribe", add);
        }
        if (!drop.isEmpty()) {
            body.put("unsubscribe", drop);
        }
        return room.janus.message(s.subscriber, body).chain(reply -> {
            room.node.streamsChanged(add.size() - drop.size());
            s.subscribed.retainAll(wanted);
            s.subscribed.addAll(wanted);
            remember(s, reply);
            return reply.sdp() == null ? Uni.createFrom().voidItem() : signal(room, s, SignalKind.offer, null, reply.sdp());
        });
    }

    private static void remember(SessionMedia s, org.salon.media.janus.VideoRoom.Reply reply) {
        remember(s, reply.data());
    }

    /** The mids of the subscription's video streams, from Janus's description of them. */
    private static void remember(SessionMedia s, JsonObject data) {
        JsonArray streams = data.getJsonArray("streams");
        if (streams != null) {
            s.videoMids.clear();
            streams.stream().map(JsonObject.class::cast).filter(m -> "video".equals(m.getString("type")))
                    .forEach(m -> s.videoMids.add(m.getString("mid")));
        }
    }

    /** Feeds came or went: everyone hears which feeds there are; subscriptions follow. */
    private Uni<Void> feedsChanged(CallRoom room) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (SessionMedia s : List.copyOf(room.sessions.values())) {
            Uni<Void> follow = s.subscriber != null ? update(room, s)
                    : s.wantsFeeds && !room.feedIdsFor(s).isEmpty() ? subscribe(room, s) : Uni.createFrom().voidItem();
            // one session's subscription refused must not keep the others from theirs
            all = all.chain(() -> signals.send(feedsSignal(room, s))).chain(() -> follow.onFailure().recoverWithUni(failure -> {
                LOG.info(room.conversation, "session %s's subscription not updated: %s", s.session, failure.getMessage());
                return Uni.createFrom().voidItem();
            }));
        }
        return all;
    }

    private Signal feedsSignal(CallRoom room, SessionMedia s) {
        return Signal.to(room.conversation, s.session, SignalKind.feeds, null, null, room.feeds(), null);
    }

    /** The session left the call: its handles go; the last one out takes the room with it. */
    public Uni<Void> leave(String conversation, String session) {
        CallRoom room = rooms.get(conversation);
        SessionMedia s = room == null ? null : room.sessions.remove(session);
        if (s == null) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> released = Uni.createFrom().voidItem();
        for (Published p : s.published.values()) {
            released = released.chain(() -> release(room, p.handle(), 1));
        }
        if (s.subscriber != null) {
            released = released.chain(() -> release(room, s.subscriber, s.subscribed.size()));
        }
        if (room.sessions.isEmpty()) {
            rooms.remove(conversation, room);
            return released.chain(() -> destroy(room, room.control)).chain(() -> room.janus.detach(room.control))
                    .invoke(() -> LOG.info(conversation, "call media ended on janus node %s", room.node.name()));
        }
        return released.chain(() -> feedsChanged(room));
    }

    /** Destroys the call's VideoRoom through {@code control}, with the room's secret. */
    private static Uni<Void> destroy(CallRoom room, long control) {
        return room.janus.message(control, new JsonObject().put("request", "destroy").put("room", room.room).put("secret", room.secret))
                .replaceWithVoid();
    }

    private Uni<Void> release(CallRoom room, long handle, int streams) {
        room.node.streamsChanged(-streams);
        return room.janus.detach(handle).onFailure().recoverWithUni(failure -> {
            LOG.info(room.conversation, "handle %d on %s already gone: %s", handle, room.node.name(), failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /** A failed node's calls start again elsewhere: every session publishes and subscribes anew. */
    private void nodeFailed(JanusNode node) {
        rooms.values().removeIf(room -> {
            if (room.node != node) {
                return false;
            }
            LOG.info(room.conversation, "janus node %s failed: the call's sessions publish again", node.name());
            store.forget(room.conversation, null);
            republish(room.conversation, room.sessions.keySet(), "The media server of this call failed").subscribe().with(ok -> {
            }, failure -> LOG.info(room.conversation, "republish not sent: %s", failure.getMessage()));
            return true;
        });
        node.resetLoad();
    }

    /** Tells each of the call's sessions to publish and subscribe again (the next request places the call anew). */
    private Uni<Void> republish(String conversation, Iterable<String> sessions, String why) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String session : sessions) {
            all = all.chain(() -> signals.send(Signal.to(conversation, session, SignalKind.republish, null, null, null, why)));
        }
        return all;
    }

    /** Saves the call as it stands after {@code request} (or forgets it when it ended), for a restart of this gateway. */
    private void persist(String conversation, RequestPosition request) {
        CallRoom room = rooms.get(conversation);
        if (room == null) {
            store.forget(conversation, request);
        } else {
            store.save(room, request);
        }
    }

    private Uni<Void> signal(CallRoom room, SessionMedia s, SignalKind kind, Feed feed, String sdp) {
        return signals.send(Signal.to(room.conversation, s.session, kind, feed, sdp, null, null));
    }

    private static Long handleOf(SessionMedia s, Feed feed) {
        Published p = s.published.get(feed);
        return p == null ? null : p.handle();
    }

    private static JsonObject candidate(Candidate c) {
        if (c == null) {
            return null;
        }
        JsonObject j = new JsonObject().put("candidate", c.candidate());
        if (c.sdpMid() != null) {
            j.put("sdpMid", c.sdpMid());
        }
        if (c.sdpMLineIndex() != null) {
            j.put("sdpMLineIndex", c.sdpMLineIndex());
        }
        return j;
    }

    private static String token() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The calls this gateway holds media for, and where (operators and tests). */
    public Map<String, String> calls() {
        Map<String, String> where = new java.util.TreeMap<>();
        rooms.forEach((c, room) -> where.put(c, room.node.name()));
        return where;
    }
}
