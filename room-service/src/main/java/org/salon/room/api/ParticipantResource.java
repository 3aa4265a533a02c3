package org.salon.room.api;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.room.api.Views.ParticipantView;
import org.salon.room.domain.Caller;
import org.salon.room.domain.Participants;

import io.smallrye.mutiny.Uni;

/** Where requests about a conversation's participants enter room-service. */
@Path("/conversations/{id}/participants")
@Tag(name = "Participants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParticipantResource {

    @Inject
    Participants participants;

    @Inject
    Callers callers;

    /** {@code users}: ids of directory users. */
    public record AddParticipants(@NotNull List<@NotNull UUID> users) {
    }

    /**
     * {@code role}: moderator or member; {@code permissions}: the participant's own (start_call, join_call,
     * publish_audio, publish_video, share_screen, chat); {@code defaultPermissions: true} gives them the conversation's
     * defaults again.
     */
    public record ChangeParticipant(String role, List<String> permissions, Boolean defaultPermissions) {
    }

    @GET
    @RolesAllowed({ "user", "guest" })
    @Operation(summary = "The participants, with their role, permissions and whether they are online and in the call")
    public Uni<List<ParticipantView>> list(@PathParam("id") UUID id) {
        return roster(callers.in(id), id);
    }

    private Uni<List<ParticipantView>> roster(Caller caller, UUID id) {
        return participants.list(id, caller)
                .map(r -> r.participants().stream().map(p -> ParticipantView.of(r.conversation(), p)).toList());
    }

    @POST
    @RolesAllowed("user")
    @Operation(summary = "Add directory users as members (moderators); answers the participants")
    public Uni<List<ParticipantView>> add(@PathParam("id") UUID id, @Valid @NotNull AddParticipants request) {
        Caller me = callers.caller();
        return participants.addUsers(id, me, request.users()).chain(added -> roster(me, id));
    }

    @PATCH
    @Path("/{participant}")
    @RolesAllowed("user")
    @Operation(summary = "Promote, demote or change a participant's permissions (moderators)")
    public Uni<List<ParticipantView>> change(@PathParam("id") UUID id, @PathParam("participant") String participant,
            @NotNull ChangeParticipant request) {
        Caller me = callers.caller();
        return participants.change(id, me, participant, new Participants.Change(request.role(), request.permissions(),
                Boolean.TRUE.equals(request.defaultPermissions()))).chain(changed -> roster(me, id));
    }

    @DELETE
    @Path("/{participant}")
    @RolesAllowed({ "user", "guest" })
    @Operation(summary = "Leave (your own id) or remove a participant (moderators)")
    public Uni<Response> remove(@PathParam("id") UUID id, @PathParam("participant") String participant) {
        return participants.remove(id, callers.in(id), participant).map(nothing -> Response.noContent().build());
    }
}
