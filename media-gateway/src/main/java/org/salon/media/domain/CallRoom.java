package org.salon.media.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.salon.contracts.events.MediaEvents.CallFeed;
import org.salon.contracts.events.MediaEvents.Feed;
import org.salon.media.janus.VideoRoom;

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

    SessionMedia session(String session, String participant) {
        return sessions.computeIfAbsent(session, s -> new SessionMedia(s, participant));
    }

    /** Every feed in the room now, as clients see them. */
    List<CallFeed> feeds() {
        List<CallFeed> all = new ArrayList<>();
        sessions.values().forEach(s -> s.published.forEach((feed, p) -> all.add(new CallFeed(s.participant, s.session, feed, p.audio(),
                p.video()))));
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
