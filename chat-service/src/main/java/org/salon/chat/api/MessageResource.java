package org.salon.chat.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.salon.platform.security.GuestScope;

import io.smallrye.mutiny.Uni;

/** Where chat requests enter chat-service: a conversation's messages. */
@Path("/conversations/{conversation}/messages")
@Tag(name = "Messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({ "user", "guest" })
public class MessageResource {

    @Inject
    Messages messages;

    @Inject
    JsonWebToken token;

    public record PostMessage(@NotNull String body, @NotNull String idempotencyKey, Long replyTo) {
    }

    /** {@code seq}: 1, 2, 3... within the conversation. */
    public record MessageView(long id, long seq, UUID conversation, String authorId, String authorName, String body, Long replyTo,
            Instant createdAt) {
        static MessageView of(Message m) {
            return new MessageView(m.id, m.seq, m.conversationId, m.authorId, m.authorName, m.body, m.replyTo, m.createdAt);
        }
    }

    @POST
    @Operation(summary = "Post a message; a retry with the same idempotency key returns the message already stored")
    public Uni<Response> post(@PathParam("conversation") UUID conversation, @Valid @NotNull PostMessage request) {
        GuestScope.require(token, conversation);
        String name = token.<String>claim("name").orElse(token.getSubject());
        return messages.post(new Messages.NewMessage(conversation, token.getSubject(), name, request.body(), request.idempotencyKey(),
                request.replyTo()))
                .map(p -> (p.created() ? Response.created(URI.create("/api/chat/conversations/" + conversation + "/messages/"
                        + p.message().id)) : Response.ok()).entity(MessageView.of(p.message())).build());
    }

    @GET
    @Operation(summary = "History: newest first, or before/after a message id (after: oldest first, what was missed)")
    public Uni<List<MessageView>> history(@PathParam("conversation") UUID conversation, @QueryParam("before") Long before,
            @QueryParam("after") Long after, @QueryParam("limit") @DefaultValue("50") int limit) {
        GuestScope.require(token, conversation);
        return messages.history(conversation, token.getSubject(), before, after, limit).map(list -> list.stream().map(MessageView::of).toList());
    }
}
