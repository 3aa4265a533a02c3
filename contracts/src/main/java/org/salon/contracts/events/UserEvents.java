package org.salon.contracts.events;

/** Data of the events on {@link Topics#USERS}, keyed by user id. */
public final class UserEvents {
    public static final String SOURCE = "/salon/auth-service";
    public static final String CHANGED = "org.salon.user.changed";

    /** The user as the directory now knows them: created, updated, disabled or enabled. */
    public record Changed(String userId, String login, String displayName, String email, boolean enabled) {
    }

    private UserEvents() {
    }
}
