package org.salon.platform.security;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.salon.contracts.events.Topics;
import org.salon.contracts.events.UserEvents;
import org.salon.platform.events.IncomingEvent;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * The accounts an administrator disabled, as every instance of every service knows them from auth-service's events
 * (channel {@code disabled-accounts} on salon.users: each instance its own consumer group, reading from the
 * beginning). A disabled user's tokens stop working at once rather than when they expire
 * ({@link DisabledAccountsAugmentor}), and {@link Disabled} tells services holding their connections.
 */
@ApplicationScoped
public class DisabledAccounts {

    /** An account was disabled: whatever of theirs is open should close. */
    public record Disabled(String userId) {
    }

    private final Set<String> disabled = ConcurrentHashMap.newKeySet();

    @Inject
    ObjectMapper json;

    @Inject
    Event<Disabled> told;

    @Incoming("disabled-accounts")
    public Uni<Void> onEvent(String value) {
        return IncomingEvent.apply(json, value, Topics.USERS, e -> {
            if (UserEvents.CHANGED.equals(e.type())) {
                set(e.text("userId"), e.data().path("enabled").asBoolean(true));
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** Applies a change of an account's state; auth-service, where the change is made, calls it at commit too. */
    public void set(String userId, boolean enabled) {
        if (enabled) {
            disabled.remove(userId);
        } else if (disabled.add(userId)) {
            told.fire(new Disabled(userId));
        }
    }

    public boolean isDisabled(String userId) {
        return disabled.contains(userId);
    }
}
