package org.salon.chat.api;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.chat.domain.ReadMarkers;
import org.salon.platform.security.GuestScope;

import io.smallrye.mutiny.Uni;

/** Where read markers enter chat-service. */
@Path("/conversations/{conversation}/read")
@Tag(name = "Read markers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({ "user", "guest" })
public class ReadMarkerResource {

    @Inject
    ReadMarkers markers;

    @Inject
    JsonWebToken token;

    public record MarkRead(@NotNull Long messageId) {
    }

    @POST
    @Operation(summary = "I have read up to this message (a marker only moves forward); answers the read state")
    public Uni<ReadMarkers.ReadState> read(@PathParam("conversation") UUID conversation, @Valid @NotNull MarkRead request) {
        GuestScope.require(token, conversation);
        return markers.read(conversation, token.getSubject(), request.messageId());
    }

    @GET
    @Operation(summary = "Where I have read to, and where everyone has (to show what all have seen)")
    public Uni<ReadMarkers.ReadState> get(@PathParam("conversation") UUID conversation) {
        GuestScope.require(token, conversation);
        return markers.get(conversation, token.getSubject());
    }
}
