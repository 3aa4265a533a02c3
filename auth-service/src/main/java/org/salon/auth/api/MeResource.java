package org.salon.auth.api;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.auth.config.AuthConfig;
import org.salon.auth.domain.Directory;
import org.salon.auth.domain.Profiles;
import org.salon.auth.domain.Tokens;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Who the caller is. A user of an external OpenID Connect provider lands in the directory here, the first
 * time their token is seen (and is updated when their claims change).
 */
@Path("/me")
@Tag(name = "Directory")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MeResource {

    @Inject
    JsonWebToken token;

    @Inject
    AuthConfig config;

    @Inject
    Directory directory;

    public record Me(String id, String displayName, boolean guest, String conversation, UserView user) {
    }

    @GET
    @Operation(summary = "The caller: a user (created from an external provider's claims if new) or a guest")
    public Uni<Me> me() {
        if (token.getGroups().contains(Tokens.ROLE_GUEST)) {
            return Uni.createFrom().item(new Me(token.getSubject(), token.getClaim("name"), true,
                    token.getClaim(Tokens.CONVERSATION_CLAIM), null));
        }
        if (config.issuer().equals(token.getIssuer())) {
            return directory.byId(UUID.fromString(token.getSubject())).map(u -> new Me(u.id.toString(), u.displayName, false, null,
                    UserView.of(u)));
        }
        String login = token.<String>claim("preferred_username").orElse(token.getSubject());
        String name = token.<String>claim("name").orElse(login);
        return directory.fromExternalToken(token.getIssuer(), token.getSubject(), safeLogin(login),
                Profiles.displayName(name, Directory.MAX_DISPLAY_NAME), token.<String>claim("email").orElse(null))
                .map(u -> new Me(u.id.toString(), u.displayName, false, null, UserView.of(u)));
    }

    /** An external login made to fit Salon's login rules. */
    private static String safeLogin(String raw) {
        String cleaned = raw.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        return Profiles.login(cleaned.isEmpty() ? "user" : cleaned.substring(0, Math.min(cleaned.length(), 56)));
    }
}
