package org.salon.room.api;

import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.salon.platform.problem.ProblemException;

/** A guest token opens exactly the conversation it names. */
final class GuestScope {
    static final String CONVERSATION_CLAIM = "salon_conversation";

    static void require(JsonWebToken token, UUID conversation) {
        if (token.getGroups().contains("guest") && !conversation.toString().equals(token.getClaim(CONVERSATION_CLAIM))) {
            throw ProblemException.forbidden("A guest may only open the conversation they were let into");
        }
    }

    private GuestScope() {
    }
}
