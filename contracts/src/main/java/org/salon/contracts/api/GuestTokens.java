package org.salon.contracts.api;

/** auth-service's POST /api/auth/guest-tokens, called by room-service once a guest may enter a conversation. */
public final class GuestTokens {
    public static final String PATH = "/api/auth/guest-tokens";

    /** The conversation the guest enters and the display name they chose. */
    public record Request(String conversation, String displayName) {
    }

    /** A token that opens that one conversation. */
    public record Response(String token, String guestId, String displayName, String conversation, long expiresIn) {
    }

    private GuestTokens() {
    }
}
