package org.salon.media.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.salon.contracts.events.MediaEvents.CallFeed;
import org.salon.contracts.events.MediaEvents.Feed;
import org.salon.media.janus.VideoRoom;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One call's media: a VideoRoom on one Janus node (a call stays on its node), created with a secret and a PIN
 * that no client ever sees, and each session's feeds and subscription in it.
 */
final class CallRoom {
    final String conversation;
    final JanusNode node;
    final VideoRoom janus;
    final long room;
    final String secret;
    final String pin;
    /** The handle that created the room and will destroy it. */
    final long control;
    final Map<String, SessionMedia> sessions = new ConcurrentHashMap<>();

    CallRoom(String conversation, JanusNode node, long room, String secret, String pin, long control) {
        this.conversation = conversation;
        this.node = node;
        this.janus = new VideoRoom(node.transport());
        this.room = room;
        this.secret = secret;
        this.pin = pin;
        this.control = control;
    }

    /** A session's media in the call: what it publishes, and its one subscription to the others' feeds. */
    static final class SessionMedia {
        final String session;
        final String participant;
        final Map<Feed, Published> published = new ConcurrentHashMap<>();
        Long subscriber;
        /** The Janus feed ids it receives, and the mids of their video streams (for simulcast layers). */
        final Set<Long> subscribed = ConcurrentHashMap.newKeySet();
        final List<String> videoMids = new ArrayList<>();
        boolean wantsFeeds;
        /** Its subscriber handle is being set up (Janus's event and the session's request may both ask for it). */
        final AtomicBoolean subscribing = new AtomicBoolean();

        SessionMedia(String session, String participant) {
            this.session = session;
            this.participant = participant;
        }
    }

    /** A feed a session publishes: its handle, its id in the room, and whether its PeerConnection is up yet. */
    record Published(long handle, long feedId, boolean audio, boolean video, boolean live) {
        Published with(boolean audio, boolean video) {
            return new Published(handle, feedId, audio, video, live);
        }

        Published up() {
            return new Published(handle, feedId, audio, video, true);
        }
    }

    /** What a restarted gateway needs to carry on with the call: ids, secrets and each session's handles. */
    JsonObject state() {
        JsonArray all = new JsonArray();
        sessions.values().forEach(s -> {
            JsonArray published = new JsonArray();
            s.published.forEach((feed, p) -> published.add(new JsonObject().put("feed", feed.name()).put("handle", p.handle())
                    .put("feedId", p.feedId()).put("audio", p.audio()).put("video", p.video()).put("live", p.live())));
            all.add(new JsonObject().put("session", s.session).put("participant", s.participant).put("published", published)
                    .put("subscriber", s.subscriber).put("subscribed", new JsonArray(List.copyOf(s.subscribed)))
                    .put("videoMids", new JsonArray(List.copyOf(s.videoMids))).put("wantsFeeds", s.wantsFeeds));
        });
        return new JsonObject().put("room", room).put("secret", secret).put("pin", pin).put("control", control).put("sessions", all);
    }

    /** The call as {@link #state()} saved it, on its node. */
    static CallRoom of(String conversation, JanusNode node, JsonObject state) {
        CallRoom call = new CallRoom(conversation, node, state.getLong("room"), state.getString("secret"), state.getString("pin"),
                state.getLong("control"));
        state.getJsonArray("sessions").stream().map(JsonObject.class::cast).forEach(j -> {
            SessionMedia s = call.session(j.getString("session"), j.getString("participant"));
            j.getJsonArray("published").stream().map(JsonObject.class::cast).forEach(p -> s.published.put(Feed.valueOf(p.getString("feed")),
                    new Published(p.getLong("handle"), p.getLong("feedId"), p.getBoolean("audio"), p.getBoolean("video"), p.getBoolean("live"))));
            s.subscriber = j.getLong("subscriber");
            j.getJsonArray("subscribed").forEach(f -> s.subscribed.add(((Number) f).longValue()));
            j.getJsonArray("videoMids").forEach(m -> s.videoMids.add((String) m));
            s.wantsFeeds = j.getBoolean("wantsFeeds");
        });
        return call;
    }

    /** The streams the call's node forwards for it: each subscription's. */
    int streams() {
        return sessions.values().stream().mapToInt(s -> s.published.size() + s.subscribed.size()).sum();
    }

    SessionMedia session(String session, String participant) {
        return sessions.computeIfAbsent(session, s -> new SessionMedia(s, participant));
    }

    /** Every feed in the room now, as clients see them. */
    List<CallFeed> feeds() {
        List<CallFeed> all = new ArrayList<>();
        sessions.values().forEach(s -> s.published.forEach((feed, p) -> all.add(new CallFeed(s.participant, s.session, feed, p.audio(),
                p.video(), String.valueOf(p.feedId())))));
        return all;
    }

    /** The Janus feed ids a session should receive: everyone's but its own, once their media flows (Janus's rule). */
    Set<Long> feedIdsFor(SessionMedia viewer) {
        Set<Long> ids = new java.util.HashSet<>();
        sessions.values().stream().filter(s -> s != viewer)
                .forEach(s -> s.published.values().stream().filter(Published::live).forEach(p -> ids.add(p.feedId())));
        return ids;
    }
}
