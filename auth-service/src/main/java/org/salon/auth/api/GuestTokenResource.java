package org.salon.auth.api;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.auth.config.AuthConfig;
import org.salon.contracts.api.GuestTokens;
import org.salon.auth.domain.Profiles;
import org.salon.auth.domain.Tokens;
import org.salon.platform.problem.ProblemException;

/**
 * Guest tokens, asked for by room-service once it has checked that the conversation allows guests and the
 * password is right. A guest token opens that one conversation and nothing else.
 */
@Path("/guest-tokens") // GuestTokens.PATH under the service's /api/auth
@Tag(name = "Tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("service")
public class GuestTokenResource {
    static final int MAX_GUEST_NAME = 64;

    @Inject
    Tokens tokens;

    @Inject
    AuthConfig config;

    @POST
    @Operation(summary = "A token for a guest of one conversation (services only)")
    public GuestTokens.Response create(@NotNull GuestTokens.Request request) {
        if (request.conversation() == null || request.displayName() == null) {
            throw ProblemException.badRequest("conversation and displayName are required");
        }
        String conversation;
        try {
            conversation = UUID.fromString(request.conversation()).toString();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'conversation' must be a conversation id");
        }
        String name = Profiles.displayName(request.displayName(), MAX_GUEST_NAME);
        String guestId = "guest-" + UUID.randomUUID();
        return new GuestTokens.Response(tokens.forGuest(guestId, name, conversation), guestId, name, conversation,
                config.guestTokenLifetime().toSeconds());
    }
}
