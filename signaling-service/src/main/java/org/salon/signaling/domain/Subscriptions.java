package org.salon.signaling.domain;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Which connections of this instance have joined which conversation, and which are guests' (a guest's connection
 * belongs to the one conversation their token names, joined or not).
 */
@ApplicationScoped
public class Subscriptions {
    private final Map<String, Set<WebSocketConnection>> byConversation = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Set<WebSocketConnection>> guestsByConversation = new ConcurrentHashMap<>();

    /** False when the connection is already in too many conversations. */
    public boolean join(WebSocketConnection connection, String conversation, int max) {
        Set<String> joined = byConnection.computeIfAbsent(connection.id(), k -> ConcurrentHashMap.newKeySet());
        if (!joined.contains(conversation) && joined.size() >= max) {
            return false;
        }
        joined.add(conversation);
        byConversation.computeIfAbsent(conversation, k -> ConcurrentHashMap.newKeySet()).add(connection);
        return true;
    }

    public boolean joined(WebSocketConnection connection, String conversation) {
        Set<String> joined = byConnection.get(connection.id());
        return joined != null && joined.contains(conversation);
    }

    public void leave(WebSocketConnection connection, String conversation) {
        Set<String> joined = byConnection.get(connection.id());
        if (joined != null) {
            joined.remove(conversation);
        }
        byConversation.computeIfPresent(conversation, (k, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    public void guestConnected(WebSocketConnection connection, String conversation) {
        guestsByConversation.computeIfAbsent(conversation, k -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    public void disconnected(WebSocketConnection connection) {
        Set<String> joined = byConnection.remove(connection.id());
        if (joined != null) {
            joined.forEach(c -> leave(connection, c));
        }
        guestsByConversation.values().forEach(set -> set.remove(connection));
        guestsByConversation.values().removeIf(Set::isEmpty);
    }

    /** The connections of the conversation's guests on this instance. */
    public Set<WebSocketConnection> guests(String conversation) {
        return guestsByConversation.getOrDefault(conversation, Set.of());
    }

    public Set<WebSocketConnection> members(String conversation) {
        return byConversation.getOrDefault(conversation, Set.of());
    }
}
