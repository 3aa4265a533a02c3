package org.salon.auth.api;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.auth.config.AuthConfig;
import org.salon.auth.domain.Profiles;
import org.salon.auth.domain.Tokens;
import org.salon.platform.problem.ProblemException;

/**
 * Guest tokens, asked for by room-service once it has checked that the conversation allows guests and the
 * password is right. A guest token opens that one conversation and nothing else.
 */
@Path("/guest-tokens")
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

    public record GuestRequest(@NotNull String conversation, @NotNull String displayName) {
    }

    public record GuestToken(String token, String guestId, String displayName, String conversation, long expiresIn) {
    }

    @POST
    @Operation(summary = "A token for a guest of one conversation (services only)")
    public GuestToken create(@Valid @NotNull GuestRequest request) {
        String conversation;
        try {
            conversation = UUID.fromString(request.conversation()).toString();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'conversation' must be a conversation id");
        }
        String name = Profiles.displayName(request.displayName(), MAX_GUEST_NAME);
        String guestId = "guest-" + UUID.randomUUID();
        return new GuestToken(tokens.forGuest(guestId, name, conversation), guestId, name, conversation,
                config.guestTokenLifetime().toSeconds());
    }
}
