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

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.salon.contracts.api.GuestTokens;
import org.salon.platform.logging.ConversationLog;
import org.salon.platform.problem.ProblemException;
import org.salon.platform.security.ClientAddress;
import org.salon.room.domain.Caller;
import org.salon.room.domain.GuestAccess;
import org.salon.room.domain.Participants;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The public link of a conversation that allows guests: what an outsider may see, and the guest's way in.
 * Needs no token; a cloud user who sends theirs joins as a member.
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
    Participants participants;

    @Inject
    CurrentIdentityAssociation identity;

    /** Only what an outsider may know. */
    public record PublicView(String name, boolean passwordRequired) {
    }

    /** {@code displayName}: a guest's name (cloud users who send their token join under their own). */
    public record JoinByLink(String displayName, String password) {
    }

    /**
     * {@code kind} "guest": a guest's {@code token} for this conversation alone; {@code kind} "user": a cloud user now
     * a member (their own token stays theirs).
     */
    public record Joined(String kind, String conversation, String participantId, String displayName, String token,
            Long expiresIn) {
    }

    @GET
    @Operation(summary = "What the link leads to: the conversation's name and whether a password is needed")
    public Uni<PublicView> get(@PathParam("link") String link) {
        return guests.byLink(link).map(c -> new PublicView(c.name, c.passwordHash != null));
    }

    @POST
    @Path("/join")
    @Operation(summary = "Enter by the link, with the password if one is set: a guest gets a token, a cloud user becomes a member")
    public Uni<Joined> join(@PathParam("link") String link, @NotNull JoinByLink request, HttpServerRequest http) {
        // the token is checked only here (authentication is not proactive): a bad one is a 401, none a guest
        return identity.getDeferredIdentity().chain(who -> who.isAnonymous() || !who.hasRole("user")
                ? joinAsGuest(link, request, http) : joinAsUser(Callers.of((JsonWebToken) who.getPrincipal()), link, request, http));
    }

    private Uni<Joined> joinAsUser(Caller user, String link, JoinByLink request, HttpServerRequest http) {
        return guests.admit(link, request.password(), ClientAddress.of(http))
                .call(c -> participants.selfJoin(c, user))
                .map(c -> new Joined("user", c.id.toString(), user.id(), user.displayName(), null, null));
    }

    private Uni<Joined> joinAsGuest(String link, JoinByLink request, HttpServerRequest http) {
        if (request.displayName() == null || request.displayName().isBlank()) {
            throw ProblemException.badRequest("A guest needs a display name");
        }
        return guests.admit(link, request.password(), ClientAddress.of(http))
                .chain(c -> auth.guestToken(new GuestTokens.Request(c.id.toString(), request.displayName()))
                        .onFailure(WebApplicationException.class).transform(PublicLinkResource::refused)
                        .call(t -> participants.guestJoined(c.id, t.guestId(), t.displayName()))
                        .invoke(t -> LOG.info(c.id, "guest %s joined", t.guestId()))
                        .map(t -> new Joined("guest", t.conversation(), t.guestId(), t.displayName(), t.token(), t.expiresIn())));
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
