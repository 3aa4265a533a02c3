package org.salon.room.api;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.salon.contracts.api.GuestTokens;
import org.salon.platform.logging.ConversationLog;
import org.salon.platform.problem.ProblemException;
import org.salon.platform.security.ClientAddress;
import org.salon.room.domain.Conversations;
import org.salon.room.domain.GuestAccess;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The public link of a conversation that allows guests: what an outsider may see, and the guest's way in.
 * Needs no token.
 */
@Path("/public/{link}")
@Tag(name = "Public links")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class PublicLinkResource {
    private static final ConversationLog LOG = ConversationLog.of(PublicLinkResource.class);

    @Inject
    GuestAccess guests;

    @Inject
    @RestClient
    AuthClient auth;

    @Inject
    Conversations conversations;

    /** Only what an outsider may know. */
    public record PublicView(String name, boolean passwordRequired) {
    }

    public record JoinAsGuest(@NotNull String displayName, String password) {
    }

    @GET
    @Operation(summary = "What the link leads to: the conversation's name and whether a password is needed")
    public Uni<PublicView> get(@PathParam("link") String link) {
        return guests.byLink(link).map(c -> new PublicView(c.name, c.passwordHash != null));
    }

    @POST
    @Path("/join")
    @Operation(summary = "Enter as a guest: with the password if one is set; answers the guest's token")
    public Uni<GuestTokens.Response> join(@PathParam("link") String link, @NotNull JoinAsGuest request, HttpServerRequest http) {
        if (request.displayName() == null || request.displayName().isBlank()) {
            throw ProblemException.badRequest("A guest needs a display name");
        }
        return guests.admit(link, request.password(), ClientAddress.of(http))
                .chain(c -> auth.guestToken(new GuestTokens.Request(c.id.toString(), request.displayName()))
                        .onFailure(WebApplicationException.class).transform(PublicLinkResource::refused)
                        .call(t -> conversations.guestJoined(c.id, t.guestId(), t.displayName()))
                        .invoke(t -> LOG.info(c.id, "guest %s joined", t.guestId())));
    }

    /** auth-service's refusal, as this endpoint's caller should read it. */
    private static Throwable refused(Throwable failure) {
        int status = ((WebApplicationException) failure).getResponse().getStatus();
        if (status == 400) {
            return ProblemException.badRequest("A guest's display name is 1 to 64 characters, without control characters");
        }
        return new ProblemException(jakarta.ws.rs.core.Response.Status.SERVICE_UNAVAILABLE, "Guests cannot be let in right now");
    }
}
