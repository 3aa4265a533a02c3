package org.salon.auth.api;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.auth.domain.Directory;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The directory for the "add participants" picker: cloud users only, never guests. */
@Path("/users")
@Tag(name = "Directory")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "user", "service" })
public class DirectoryResource {

    @Inject
    Directory directory;

    @GET
    @Operation(summary = "Enabled users whose login, display name or email words start with the words searched (accents and case ignored)")
    public Uni<UserView.Page> search(@QueryParam("search") @Size(max = 200) String search,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(Directory.MAX_PAGE) int size) {
        // one more than asked tells whether there is a next page, without counting
        return directory.search(search, page * size, size + 1).map(users -> UserView.Page.of(users, page, size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One user")
    @WithSession
    public Uni<UserView> get(@PathParam("id") UUID id) {
        return directory.byId(id).map(UserView::of);
    }
}
