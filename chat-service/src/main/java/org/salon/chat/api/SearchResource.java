package org.salon.chat.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.chat.api.MessageResource.MessageView;
import org.salon.chat.domain.Messages;

import io.smallrye.mutiny.Uni;

/** Where a user's search across all their conversations enters (the web app's global search); guests have one. */
@Path("/search")
@Tag(name = "Messages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class SearchResource {

    @Inject
    Messages messages;

    @Inject
    MessageViews views;

    @Inject
    JsonWebToken token;

    @GET
    @Operation(summary = "Messages matching words in every conversation I may read, newest first (English and French stemming, "
            + "\"quoted phrases\", -excluded)")
    public Uni<List<MessageView>> search(@QueryParam("q") String query, @QueryParam("limit") @DefaultValue("20") int limit) {
        return messages.searchEverywhere(token.getSubject(), query, limit).chain(found -> views.of(found, token.getSubject()));
    }
}
