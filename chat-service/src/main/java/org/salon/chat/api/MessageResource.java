package org.salon.chat.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
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

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.chat.domain.Message;
import org.salon.chat.domain.Messages;
import org.salon.chat.domain.Reactions;
import org.salon.platform.security.GuestScope;

import io.smallrye.mutiny.Uni;

/** Where chat requests enter chat-service: a conversation's messages and their reactions. */
@Path("/conversations/{conversation}/messages")
@Tag(name = "Messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({ "user", "guest" })
public class MessageResource {

    @Inject
    Messages messages;

    @Inject
    Reactions reactions;

    @Inject
    MessageViews views;

    @Inject
    JsonWebToken token;

    public record PostMessage(@NotNull String body, @NotNull String idempotencyKey, Long replyTo) {
    }

    public record EditMessage(@NotNull String body) {
    }

    /**
     * {@code seq}: 1, 2, 3... within the conversation. {@code kind} comment or system (then {@code system} says what
     * happened, with {@code systemData}). {@code body} is null once {@code deletedAt} is set. {@code mentionsMe}: the
     * reader is mentioned, by id or by @all.
     */
    public record MessageView(long id, long seq, UUID conversation, String kind, String authorId, String authorName, String body,
            Long replyTo, Quote parent, List<String> mentions, boolean mentionsAll, boolean mentionsMe, String system,
            Map<String, Object> systemData, List<Reactions.Summary> reactions, Instant createdAt, Instant editedAt,
            Instant deletedAt) {
    }

    /** The message a reply answers, as the reply quotes it (its body null once deleted). */
    public record Quote(long id, String authorId, String authorName, String body, Instant deletedAt) {
    }

    @POST
    @Operation(summary = "Post a message; a retry with the same idempotency key returns the message already stored")
    public Uni<Response> post(@PathParam("conversation") UUID conversation, @Valid @NotNull PostMessage request) {
        String name = token.<String>claim("name").orElse(token.getSubject());
        return messages.post(new Messages.NewMessage(conversation, me(conversation), name, request.body(), request.idempotencyKey(),
                request.replyTo()))
                .chain(p -> p.created()
                        ? views.ofNew(p.message(), token.getSubject()).map(v -> Response.created(URI.create("/api/chat/conversations/"
                                + conversation + "/messages/" + p.message().id)).entity(v).build())
                        : view(p.message()).map(v -> Response.ok(v).build()));
    }

    @GET
    @Operation(summary = "History: newest first, or before/after a message id (after: oldest first, what was missed)")
    public Uni<List<MessageView>> history(@PathParam("conversation") UUID conversation, @QueryParam("before") Long before,
            @QueryParam("after") Long after, @QueryParam("limit") @DefaultValue("50") int limit) {
        return messages.history(conversation, me(conversation), before, after, limit).chain(this::views);
    }

    @GET
    @Path("/search")
    @Operation(summary = "Messages matching words (English and French stemming, \"quoted phrases\", -excluded), newest first")
    public Uni<List<MessageView>> search(@PathParam("conversation") UUID conversation, @QueryParam("q") String query,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        return messages.search(conversation, me(conversation), query, limit).chain(this::views);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Edit my message")
    public Uni<MessageView> edit(@PathParam("conversation") UUID conversation, @PathParam("id") long id,
            @Valid @NotNull EditMessage request) {
        return messages.edit(conversation, id, me(conversation), request.body()).chain(this::view);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete my message (moderators: any); a placeholder stays")
    public Uni<MessageView> delete(@PathParam("conversation") UUID conversation, @PathParam("id") long id) {
        return messages.delete(conversation, id, me(conversation)).chain(this::view);
    }

    @PUT
    @Path("/{id}/reactions/{emoji}")
    @Operation(summary = "React with an emoji (again: nothing changes)")
    public Uni<Response> react(@PathParam("conversation") UUID conversation, @PathParam("id") long id, @PathParam("emoji") String emoji) {
        return reactions.set(conversation, id, me(conversation), emoji, true).map(nothing -> Response.noContent().build());
    }

    @DELETE
    @Path("/{id}/reactions/{emoji}")
    @Operation(summary = "Take back my reaction")
    public Uni<Response> unreact(@PathParam("conversation") UUID conversation, @PathParam("id") long id,
            @PathParam("emoji") String emoji) {
        return reactions.set(conversation, id, me(conversation), emoji, false).map(nothing -> Response.noContent().build());
    }

    /** The caller, refused if a guest of another conversation. */
    private String me(UUID conversation) {
        GuestScope.require(token, conversation);
        return token.getSubject();
    }

    private Uni<MessageView> view(Message m) {
        return views(List.of(m)).map(l -> l.get(0));
    }

    private Uni<List<MessageView>> views(List<Message> list) {
        return views.of(list, token.getSubject());
    }
}
