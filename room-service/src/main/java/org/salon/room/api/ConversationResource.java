package org.salon.room.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.room.api.Views.ConversationView;
import org.salon.room.domain.Access;
import org.salon.room.domain.Caller;
import org.salon.room.domain.ConversationList;
import org.salon.room.domain.ConversationType;
import org.salon.room.domain.Conversations;

import io.quarkus.hibernate.reactive.panache.Panache;
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
    ConversationList list;

    @Inject
    Callers callers;

    @Inject
    Access access;

    /**
     * {@code type}: group (default), public (guests allowed) or one_to_one (with exactly one participant);
     * {@code participants}: ids of directory users to add as members.
     */
    public record CreateConversation(String name, ConversationType type, String password, List<@NotNull UUID> participants) {
    }

    /** Fields left out stay as they are. */
    public record ChangeConversation(String name, String description, Boolean readOnly, String whoMayStartCall,
            List<String> defaultPermissions) {
    }

    public record GuestsSetting(@NotNull Boolean allowed) {
    }

    public record PasswordSetting(@NotNull String password) {
    }

    /** {@code openAt}: with the lobby enabled, when it opens by itself. */
    public record LobbySetting(@NotNull Boolean enabled, Instant openAt) {
    }

    public record Preferences(Boolean favourite, String notifications) {
    }

    @POST
    @RolesAllowed("user")
    @Operation(summary = "Create a conversation (a one-to-one that exists already is answered with 200)")
    public Uni<Response> create(@Valid @NotNull CreateConversation request) {
        ConversationType type = request.type() == null ? ConversationType.GROUP : request.type();
        Caller me = callers.caller();
        return conversations.create(request.name(), type, me, request.password(), request.participants())
                .chain(created -> view(me, created.conversation().id)
                        .map(view -> (created.isNew() ? Response.created(URI.create("/api/room/conversations/" + view.id()))
                                : Response.ok()).entity(view).build()));
    }

    @GET
    @RolesAllowed("user")
    @Operation(summary = "My conversations, most recently active first; with search: mine whose name or a participant's "
            + "name contains it, then public ones I may join")
    public Uni<List<ConversationView>> mine(@QueryParam("search") String search,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        String me = callers.caller().id();
        var entries = search == null ? list.mine(me, page * size, size) : list.search(me, search, size);
        return entries.map(all -> all.stream().map(e -> ConversationView.of(e, false)).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ "user", "guest" })
    @Operation(summary = "Get a conversation")
    public Uni<ConversationView> get(@PathParam("id") UUID id) {
        return view(callers.in(id), id);
    }

    /** Makes the caller's change, then answers the conversation as they see it. */
    private Uni<ConversationView> changed(UUID id, Function<Caller, Uni<?>> change) {
        Caller me = callers.caller();
        return change.apply(me).chain(done -> view(me, id));
    }

    /** The conversation as the caller sees it. */
    private Uni<ConversationView> view(Caller caller, UUID id) {
        return Panache.withSession(() -> access.participantOf(id, caller, false)
                .chain(place -> list.one(caller.id(), place)).map(e -> ConversationView.of(e, caller.guest())));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed("user")
    @Operation(summary = "Rename, describe, make read-only, choose who may start a call or the default permissions (moderators)")
    public Uni<ConversationView> change(@PathParam("id") UUID id, @NotNull ChangeConversation request) {
        return changed(id, me -> conversations.change(id, me, new Conversations.Changes(request.name(), request.description(),
                request.readOnly(), request.whoMayStartCall(), request.defaultPermissions())));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("user")
    @Operation(summary = "Delete a conversation (its owners, or a cloud admin)")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return conversations.delete(id, callers.caller()).map(nothing -> Response.noContent().build());
    }

    @PUT
    @Path("/{id}/guests")
    @RolesAllowed("user")
    @Operation(summary = "Allow or disallow guests (moderators); disallowing removes the guests at once")
    public Uni<ConversationView> guests(@PathParam("id") UUID id, @Valid @NotNull GuestsSetting request) {
        return changed(id, me -> conversations.guests(id, me, request.allowed()));
    }

    @PUT
    @Path("/{id}/password")
    @RolesAllowed("user")
    @Operation(summary = "Set or change the guests' password (moderators; conversations that allow guests)")
    public Uni<ConversationView> password(@PathParam("id") UUID id, @Valid @NotNull PasswordSetting request) {
        return changed(id, me -> conversations.password(id, me, request.password()));
    }

    @DELETE
    @Path("/{id}/password")
    @RolesAllowed("user")
    @Operation(summary = "Remove the guests' password (moderators)")
    public Uni<ConversationView> removePassword(@PathParam("id") UUID id) {
        return changed(id, me -> conversations.password(id, me, null));
    }

    @PUT
    @Path("/{id}/lobby")
    @RolesAllowed("user")
    @Operation(summary = "Enable the lobby (until a moderator disables it or until openAt) or disable it (moderators)")
    public Uni<ConversationView> lobby(@PathParam("id") UUID id, @Valid @NotNull LobbySetting request) {
        return changed(id, me -> conversations.lobby(id, me, request.enabled(), request.openAt()));
    }

    @PATCH
    @Path("/{id}/preferences")
    @RolesAllowed("user")
    @Operation(summary = "My favourite flag and notification level (default, always, mentions, never)")
    public Uni<ConversationView> preferences(@PathParam("id") UUID id, @NotNull Preferences request) {
        return changed(id, me -> conversations.preferences(id, me, request.favourite(), request.notifications()));
    }
}
