package org.salon.auth.api;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.salon.auth.config.AuthConfig;
import org.salon.auth.domain.SigningKeys;

/** The OpenID Connect provider's public face: discovery and the signing keys. */
@Path("/.well-known")
@Tag(name = "OpenID Connect")
@Produces(MediaType.APPLICATION_JSON)
public class OidcResource {

    @Inject
    AuthConfig config;

    @Inject
    SigningKeys keys;

    @GET
    @Path("/openid-configuration")
    @Operation(summary = "OpenID Connect discovery document")
    public Map<String, Object> discovery(@Context UriInfo uri) {
        // The issuer is the public address; the endpoints are where this request came in, so that services in a
        // cluster fetch keys and tokens from auth-service's own address rather than back through the public one
        String here = uri.getBaseUri().toString().replaceAll("/$", "");
        return Map.ofEntries(
                Map.entry("issuer", config.issuer()),
                Map.entry("jwks_uri", here + "/.well-known/jwks.json"),
                Map.entry("token_endpoint", here + "/token"),
                Map.entry("userinfo_endpoint", here + "/me"),
                Map.entry("revocation_endpoint", here + "/logout"),
                Map.entry("grant_types_supported", List.of("password", "refresh_token", "client_credentials")),
                Map.entry("response_types_supported", List.of("token")),
                Map.entry("subject_types_supported", List.of("public")),
                Map.entry("id_token_signing_alg_values_supported", List.of("RS256")),
                Map.entry("token_endpoint_auth_methods_supported", List.of("client_secret_post", "none")),
                Map.entry("claims_supported", List.of("sub", "preferred_username", "name", "email", "groups", "salon_conversation")));
    }

    @GET
    @Path("/jwks.json")
    @Operation(summary = "The keys that verify Salon's tokens (current and recently rotated)")
    public Map<String, Object> jwks() {
        return Map.of("keys", keys.published().stream().map(k -> {
            RsaJsonWebKey jwk = new RsaJsonWebKey(k.publicKey());
            jwk.setKeyId(k.kid());
            jwk.setUse("sig");
            jwk.setAlgorithm("RS256");
            return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        }).toList());
    }
}
