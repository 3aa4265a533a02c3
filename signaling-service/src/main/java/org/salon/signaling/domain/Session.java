package org.salon.signaling.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.salon.platform.security.TokenBucket;

import io.quarkus.websockets.next.WebSocketConnection;

/**
 * One browser tab's signaling session on this instance: who it is, what it joined, and its way out. What goes out
 * waits in a bounded queue: a client that reads too slowly loses frames past {@code queueLimit} and gets one
 * {@code resync} once it has caught up, instead of slowing anyone else. Event frames are numbered ({@code seq});
 * the last {@link #RECENT} are kept, because a connection that dies takes with it what was still on its way: a
 * resume names the last number it got and receives the rest again.
 */
public final class Session {
    private static final Logger LOG = Logger.getLogger(Session.class);
    private static final String RESYNC = "{\"type\":\"resync\"}";
    public static final int RECENT = 128;

    private final WebSocketConnection connection;
    private final String participant;
    private final String guestConversation;
    private final TokenBucket frames;
    private final int queueLimit;
    private final long tokenExpiresAt;
    private final Set<String> conversations = ConcurrentHashMap.newKeySet(4);
    private final AtomicInteger unsent = new AtomicInteger();
    private final AtomicBoolean gone = new AtomicBoolean();
    private volatile String id;
    private volatile boolean behind;
    /** While a resumed session's missed events are replayed, live frames wait here (null: not held). */
    private List<Outgoing> held;
    /**
     * Conversations being joined and their frames, which wait until the {@code joined} answer has gone: a client
     * that catches up on a conversation after its {@code joined} must not have been sent later events first.
     */
    private Map<String, List<Outgoing>> joining;
    /** The number of the last event frame sent, and the last ones sent (null until there is one). */
    private long seq;
    private ArrayDeque<Numbered> recent;

    /** A frame, and the event it carries (null: none). */
    public record Outgoing(String frame, String eventId) {
    }

    /** An event frame as sent, with its number. */
    public record Numbered(long seq, String frame) {
    }

    public Session(WebSocketConnection connection, String participant, String guestConversation, TokenBucket frames, int queueLimit,
            long tokenExpiresAt) {
        this.connection = connection;
        this.tokenExpiresAt = tokenExpiresAt;
        this.participant = participant;
        this.guestConversation = guestConversation;
        this.frames = frames;
        this.queueLimit = queueLimit;
    }

    /** The session id the client knows (set by hello, or taken over by a resume); null before hello. */
    public String id() {
        return id;
    }

    public void started(String id) {
        this.id = id;
    }

    /** The user's or guest's id (the token's subject). */
    public String participant() {
        return participant;
    }

    /** For a guest, the one conversation their token names; null for users. */
    public String guestConversation() {
        return guestConversation;
    }

    /** When the token the connection was opened with expires (epoch milliseconds). */
    public long tokenExpiresAt() {
        return tokenExpiresAt;
    }

    public WebSocketConnection connection() {
        return connection;
    }

    /** False when the client sends faster than its frame rate allows. */
    public boolean mayReceiveFrame() {
        return frames.take() == 0;
    }

    public Set<String> conversations() {
        return conversations;
    }

    /**
     * A frame for the client; {@code eventId} names the event it carries (null: none): such a frame is numbered, and
     * dropped if a resume's replay had it already.
     */
    public synchronized void push(String frame, String eventId) {
        if (held != null) {
            held.add(new Outgoing(frame, eventId));
            return;
        }
        deliver(frame, eventId);
    }

    /** Numbers an event frame and keeps it among the recent ones; sends in the order of the numbers. */
    private void deliver(String frame, String eventId) {
        if (eventId == null) {
            send(frame);
            return;
        }
        seq++;
        // {"type":"event", ... -> {"seq":N,"type":"event", ...: every session numbers the same text its own way
        String numbered = "{\"seq\":" + seq + "," + frame.substring(1);
        if (recent == null) {
            recent = new ArrayDeque<>();
        }
        recent.addLast(new Numbered(seq, numbered));
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
        send(numbered);
    }

    /** The number of the last event frame sent, and those of the last ones: what a resume may need again. */
    public synchronized long seq() {
        return seq;
    }

    public synchronized List<Numbered> recent() {
        return recent == null ? List.of() : List.copyOf(recent);
    }

    /** A resumed session: the event frames the client says it did not get are sent again first, numbering goes on. */
    public synchronized void resumeFrom(long lastSeq, List<Numbered> lost) {
        seq = lastSeq;
        lost.forEach(n -> send(n.frame()));
    }

    public void push(String frame) {
        push(frame, null);
    }

    /** A frame of one conversation's: it waits if the conversation is being joined. */
    public synchronized void push(String conversation, String frame, String eventId) {
        List<Outgoing> waiting = joining == null ? null : joining.get(conversation);
        if (waiting != null) {
            waiting.add(new Outgoing(frame, eventId));
            return;
        }
        push(frame, eventId);
    }

    /** The conversation's frames wait from now until {@link #joined}. */
    public synchronized void joining(String conversation) {
        if (joining == null) {
            joining = new HashMap<>(4);
        }
        // a second join before the first is answered keeps what waits already (the first answer releases it)
        joining.computeIfAbsent(conversation, c -> new ArrayList<>());
    }

    /** Sends the answer to joining (null: none, the join failed), then the conversation's frames that waited for it. */
    public synchronized void joined(String conversation, String answer) {
        List<Outgoing> waiting = joining == null ? null : joining.remove(conversation);
        if (answer != null) {
            push(answer);
        }
        if (waiting != null) {
            waiting.forEach(o -> push(o.frame(), o.eventId()));
        }
    }

    /** Live frames wait until {@link #release} (a resume replays what was missed first). */
    public synchronized void hold() {
        held = new ArrayList<>();
    }

    /** Sends the replayed event frames, then the held ones whose event was not among them, and goes live. */
    public synchronized void release(List<Outgoing> replayed) {
        Set<String> replayedIds = new HashSet<>();
        replayed.forEach(r -> {
            replayedIds.add(r.eventId());
            deliver(r.frame(), r.eventId());
        });
        List<Outgoing> waiting = held;
        held = null;
        if (waiting != null) {
            waiting.stream().filter(h -> h.eventId() == null || !replayedIds.contains(h.eventId())).forEach(h -> deliver(h.frame(), h.eventId()));
        }
    }

    /** What it missed cannot be told: it is told to resync instead, then goes live. */
    public synchronized void resync() {
        send(RESYNC);
        release(List.of());
    }

    /** True once, for whoever ends or detaches the session here (its close, or a resume elsewhere). */
    public boolean leaves() {
        return gone.compareAndSet(false, true);
    }

    private void send(String frame) {
        if (behind) {
            return;
        }
        if (unsent.incrementAndGet() > queueLimit) {
            behind = true;
            unsent.decrementAndGet();
            LOG.infof("session %s reads too slowly: frames dropped until it catches up, then a resync", id);
            return;
        }
        connection.sendText(frame).subscribe().with(ok -> written(), failure -> {
            LOG.debugf("push to session %s failed: %s", id, failure.getMessage());
            written();
        });
    }

    private void written() {
        if (unsent.decrementAndGet() == 0 && behind) {
            behind = false;
            send(RESYNC);
        }
    }
}
