package org.salon.signaling.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sessions connected to this instance: by id, by the conversations they joined, and guests' by the one
 * conversation their token names (joined or not).
 */
@ApplicationScoped
public class Subscriptions {
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<Session>> byConversation = new ConcurrentHashMap<>();
    private final Map<String, Set<Session>> guestsByConversation = new ConcurrentHashMap<>();

    /** A session said hello (or resumed here). */
    public void connected(Session session) {
        byId.put(session.id(), session);
        if (session.guestConversation() != null) {
            guestsByConversation.computeIfAbsent(session.guestConversation(), k -> ConcurrentHashMap.newKeySet()).add(session);
        }
    }

    public Session byId(String id) {
        return byId.get(id);
    }

    /** False when the session is already in too many conversations. */
    public boolean join(Session session, String conversation, int max) {
        Set<String> joined = session.conversations();
        if (!joined.contains(conversation) && joined.size() >= max) {
            return false;
        }
        joined.add(conversation);
        byConversation.computeIfAbsent(conversation, k -> ConcurrentHashMap.newKeySet()).add(session);
        return true;
    }

    public boolean joined(Session session, String conversation) {
        return session.conversations().contains(conversation);
    }

    public void leave(Session session, String conversation) {
        session.conversations().remove(conversation);
        byConversation.computeIfPresent(conversation, (k, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** The session's connection closed: it receives nothing more here. */
    public void disconnected(Session session) {
        if (session.id() != null) {
            byId.remove(session.id(), session);
        }
        Set.copyOf(session.conversations()).forEach(c -> {
            byConversation.computeIfPresent(c, (k, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        });
        if (session.guestConversation() != null) {
            guestsByConversation.computeIfPresent(session.guestConversation(), (k, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** The sessions of the conversation's guests on this instance. */
    public Set<Session> guests(String conversation) {
        return guestsByConversation.getOrDefault(conversation, Set.of());
    }

    public Set<Session> members(String conversation) {
        return byConversation.getOrDefault(conversation, Set.of());
    }

    public Collection<Session> all() {
        return byId.values();
    }

    /** Pushes a frame to every session of this instance in the conversation, but {@code except} (may be null). */
    public void push(String conversation, String frame, String eventId, String except) {
        for (Session s : members(conversation)) {
            if (except == null || !except.equals(s.id())) {
                s.push(conversation, frame, eventId);
            }
        }
    }
}
