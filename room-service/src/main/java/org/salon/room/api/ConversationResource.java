package org.salon.room.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.platform.security.GuestScope;
import org.salon.room.domain.Conversation;
import org.salon.room.domain.Participant;
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


    /** {@code participants}: ids of directory users to add as members. */
    public record CreateConversation(@NotNull String name, ConversationType type, String password, List<UUID> participants) {
    }

    public record RenameConversation(@NotNull String name) {
    }

    /** {@code link} (the public link's token) is shown to cloud users only, never to guests; {@code role} is mine. */
    public record ConversationView(UUID id, String name, ConversationType type, boolean allowGuests, boolean hasPassword,
            String link, String role, String createdBy, Instant createdAt, Instant updatedAt) {
        static ConversationView of(Conversation c, boolean showLink, String role) {
            return new ConversationView(c.id, c.name, c.type, c.allowsGuests(), c.passwordHash != null,
                    showLink ? c.linkToken : null, role, c.createdBy, c.createdAt, c.updatedAt);
        }
    }

    @POST
    @RolesAllowed("user")
    @Operation(summary = "Create a conversation")
    public Uni<Response> create(@Valid @NotNull CreateConversation request) {
        ConversationType type = request.type() == null ? ConversationType.GROUP : request.type();
        return conversations.create(request.name(), type, caller(), request.password(), request.participants())
                .map(c -> Response.created(URI.create("/api/room/conversations/" + c.id))
                        .entity(ConversationView.of(c, true, Participant.OWNER)).build());
    }

    @GET
    @RolesAllowed("user")
    @Operation(summary = "My conversations, most recently active first")
    public Uni<List<ConversationView>> mine(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return conversations.mine(token.getSubject(), page * size, size)
                .map(list -> list.stream().map(m -> ConversationView.of(m.conversation(), true, m.role())).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ "user", "guest" })
    @Operation(summary = "Get a conversation")
    public Uni<ConversationView> get(@PathParam("id") UUID id) {
        GuestScope.require(token, id);
        Conversations.Caller caller = caller();
        return conversations.getFor(id, caller).map(c -> ConversationView.of(c, !caller.guest(), null));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed("user")
    @Operation(summary = "Rename a conversation")
    public Uni<ConversationView> rename(@PathParam("id") UUID id, @Valid @NotNull RenameConversation request) {
        return conversations.rename(id, request.name(), token.getSubject()).map(c -> ConversationView.of(c, true, null));
    }

    private Conversations.Caller caller() {
        return new Conversations.Caller(token.getSubject(), token.<String>claim("name").orElse(token.getSubject()),
                token.getGroups().contains(GuestScope.ROLE));
    }
}
