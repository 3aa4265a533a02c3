package org.salon.auth.api;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.auth.domain.Directory;
import org.salon.platform.security.Passwords;
import org.salon.auth.domain.Profiles;
import org.salon.auth.domain.User;
import org.salon.platform.problem.ProblemException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/** Administrators manage local accounts: create, list, disable and enable. */
@Path("/admin/users")
@Tag(name = "Administration")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AdminResource {

    @Inject
    Directory directory;

    @Inject
    Passwords passwords;

    @Inject
    Vertx vertx;

    public record CreateUser(@NotNull String login, @NotNull String displayName, String email, @NotNull String password,
            List<@NotNull String> roles) {
    }

    public record ChangeUser(@NotNull Boolean enabled) {
    }

    @POST
    @Operation(summary = "Create a local account")
    public Uni<Response> create(@Valid @NotNull CreateUser request) {
        String login = Profiles.login(request.login());
        String name = Profiles.displayName(request.displayName(), Directory.MAX_DISPLAY_NAME);
        String email = Profiles.email(request.email());
        String password = Profiles.password(request.password());
        List<String> roles = request.roles() == null || request.roles().isEmpty() ? List.of(User.ROLE_USER) : request.roles();
        if (!List.of(User.ROLE_USER, User.ROLE_ADMIN).containsAll(roles)) {
            throw ProblemException.badRequest("Roles are 'user' and 'admin'");
        }
        String[] granted = roles.contains(User.ROLE_USER) ? roles.toArray(new String[0])
                : java.util.stream.Stream.concat(roles.stream(), java.util.stream.Stream.of(User.ROLE_USER)).toArray(String[]::new);
        return vertx.executeBlocking(() -> passwords.hash(password))
                .chain(hash -> directory.create(new Directory.NewUser(login, name, email, hash, null, null, granted)))
                .map(u -> Response.created(URI.create("/api/auth/users/" + u.id)).entity(UserView.of(u)).build());
    }

    @GET
    @Operation(summary = "All users, disabled ones included")
    public Uni<UserView.Page> list(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(Directory.MAX_PAGE) int size) {
        return directory.list(page * size, size + 1).map(users -> UserView.Page.of(users, page, size));
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Disable or enable a user")
    public Uni<UserView> change(@PathParam("id") UUID id, @Valid @NotNull ChangeUser request) {
        return directory.setEnabled(id, request.enabled()).map(UserView::of);
    }
}
