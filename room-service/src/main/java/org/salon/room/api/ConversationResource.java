package org.salon.room.api;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.platform.security.GuestScope;
import org.salon.room.config.RoomConfig;
import org.salon.room.domain.Conversation;
import org.salon.room.domain.ConversationName;
import org.salon.room.domain.GuestAccess;
import org.salon.room.domain.ConversationType;
import org.salon.room.domain.Conversations;

import io.smallrye.mutiny.Uni;

/** Where conversation requests enter room-service. */
@Path("/conversations")
@Tag(name = "Conversations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConversationResource {

    @Inject
    Conversations conversations;

    @Inject
    JsonWebToken token;

    @Inject
    GuestAccess guests;

    @Inject
    RoomConfig config;

    public record CreateConversation(@NotNull String name, ConversationType type, String password) {
    }

    public record RenameConversation(@NotNull String name) {
    }

    /** {@code link} (the public link's token) is shown to cloud users only, never to guests. */
    public record ConversationView(UUID id, String name, ConversationType type, boolean allowGuests, boolean hasPassword,
            String link, String createdBy, Instant createdAt, Instant updatedAt) {
        static ConversationView of(Conversation c, boolean showLink) {
            return new ConversationView(c.id, c.name, c.type, c.allowsGuests(), c.passwordHash != null,
                    showLink ? c.linkToken : null, c.createdBy, c.createdAt, c.updatedAt);
        }
    }

    @POST
    @RolesAllowed("user")
    @Operation(summary = "Create a conversation")
    public Uni<Response> create(@Valid @NotNull CreateConversation request, @Context SecurityContext security) {
        ConversationType type = request.type() == null ? ConversationType.GROUP : request.type();
        ConversationName.normalise(request.name(), config.maxNameLength());
        return guests.hash(type, request.password()).chain(hash -> conversations.create(request.name(), type, caller(security), hash))
                .map(c -> Response.created(URI.create("/api/room/conversations/" + c.id)).entity(ConversationView.of(c, true))
                        .build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ "user", "guest" })
    @Operation(summary = "Get a conversation")
    public Uni<ConversationView> get(@PathParam("id") UUID id) {
        GuestScope.require(token, id);
        boolean user = !token.getGroups().contains(GuestScope.ROLE);
        return conversations.get(id).map(c -> ConversationView.of(c, user));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed("user")
    @Operation(summary = "Rename a conversation")
    public Uni<ConversationView> rename(@PathParam("id") UUID id, @Valid @NotNull RenameConversation request,
            @Context SecurityContext security) {
        return conversations.rename(id, request.name(), caller(security)).map(c -> ConversationView.of(c, true));
    }

    private static String caller(SecurityContext security) {
        return security.getUserPrincipal().getName();
    }
}
