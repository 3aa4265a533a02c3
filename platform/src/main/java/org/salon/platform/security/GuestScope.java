package org.salon.platform.security;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.salon.platform.problem.ProblemException;

/** A guest's token opens exactly the one conversation it names (claim {@code salon_conversation}). */
public final class GuestScope {
    public static final String ROLE = "guest";
    public static final String CONVERSATION_CLAIM = "salon_conversation";

    /** Whether this token may reach that conversation as far as guest scoping goes (users always may). */
    public static boolean allows(JsonWebToken token, String conversation) {
        return !token.getGroups().contains(ROLE) || conversation.equals(token.getClaim(CONVERSATION_CLAIM));
    }

    /** Refuses with 403 a guest token of another conversation. */
    public static void require(JsonWebToken token, Object conversation) {
        if (!allows(token, String.valueOf(conversation))) {
            throw ProblemException.forbidden("A guest may only reach the conversation they were let into");
        }
    }

    private GuestScope() {
    }
}
