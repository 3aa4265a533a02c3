package org.salon.auth.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.auth.config.AuthConfig;
import org.salon.auth.domain.Directory;
import org.salon.platform.security.ClientAddress;
import org.salon.platform.security.Passwords;
import org.salon.auth.domain.RefreshTokens;
import org.salon.platform.security.Throttle;
import org.salon.platform.security.ThrottleConfig;
import org.salon.auth.domain.Tokens;
import org.salon.auth.domain.User;
import org.salon.platform.problem.ProblemException;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.Vertx;

/**
 * The token endpoint. The password grant is for Salon's own web client only (first-party clients in config);
 * services get tokens with the client credentials grant; refresh tokens rotate on every use.
 */
@Path("/")
@Tag(name = "Tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
    private static final String WRONG = "Wrong login or password";

    @Inject
    AuthConfig config;

    @Inject
    Directory directory;

    @Inject
    Passwords passwords;

    @Inject
    Tokens tokens;

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    Throttle throttle;

    @Inject
    ThrottleConfig throttleConfig;

    @Inject
    Vertx vertx;

    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Issue tokens: grant_type password, refresh_token or client_credentials")
    public Uni<Map<String, Object>> token(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret, @FormParam("username") String username,
            @FormParam("password") String password, @FormParam("refresh_token") String refreshToken,
            HttpServerRequest request) {
        if (grantType == null) {
            throw ProblemException.badRequest("grant_type is required");
        }
        return switch (grantType) {
            case "password" -> password(clientId, username, password, ClientAddress.of(request));
            case "refresh_token" -> refresh(clientId, refreshToken);
            case "client_credentials" -> clientCredentials(clientId, clientSecret);
            default -> throw ProblemException.badRequest("Unsupported grant_type '" + grantType + "'");
        };
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Revoke a refresh token")
    public Uni<Response> logout(@FormParam("refresh_token") String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ProblemException.badRequest("refresh_token is required");
        }
        return refreshTokens.revoke(refreshToken).replaceWith(Response.noContent().build());
    }

    private Uni<Map<String, Object>> password(String clientId, String username, String password, String ip) {
        if (clientId == null || !config.firstPartyClients().contains(clientId)) {
            throw ProblemException.badRequest("The password grant is only for Salon's own clients");
        }
        if (username == null || password == null) {
            throw ProblemException.badRequest("username and password are required");
        }
        String login = username.strip().toLowerCase(java.util.Locale.ROOT);
        String accountKey = Throttle.accountKey(login, ip);
        String ipKey = Throttle.ipKey(ip);
        return throttle.check(List.of(accountKey, ipKey))
                .chain(() -> directory.byLogin(login))
                .chain(user -> vertx.executeBlocking(() -> passwords.matches(password, user == null ? null : user.passwordHash))
                        .chain(ok -> {
                            if (ok && user.enabled) {
                                return throttle.succeeded(accountKey).chain(() -> grant(user, clientId));
                            }
                            return throttle.failed(accountKey, throttleConfig.freeFailures())
                                    .chain(() -> throttle.failed(ipKey, throttleConfig.freeFailuresPerIp()))
                                    .chain(() -> Uni.createFrom().failure(new ProblemException(Response.Status.UNAUTHORIZED, WRONG)));
                        }));
    }

    private Uni<Map<String, Object>> refresh(String clientId, String refreshToken) {
        if (clientId == null || refreshToken == null) {
            throw ProblemException.badRequest("client_id and refresh_token are required");
        }
        return refreshTokens.redeem(refreshToken, clientId).chain(userId -> {
            if (userId == null) {
                return Uni.createFrom().failure(new ProblemException(Response.Status.UNAUTHORIZED, "The refresh token is not valid"));
            }
            return directory.byId(userId).chain(user -> user.enabled ? grant(user, clientId)
                    : Uni.createFrom().failure(new ProblemException(Response.Status.UNAUTHORIZED, "The account is disabled")));
        });
    }

    private Uni<Map<String, Object>> clientCredentials(String clientId, String clientSecret) {
        Optional<String> expected = config.serviceClients().orElse(List.of()).stream()
                .filter(entry -> entry.startsWith(clientId + "=")).map(entry -> entry.substring(clientId.length() + 1)).findFirst();
        if (clientId == null || clientSecret == null || expected.isEmpty() || !MessageDigest.isEqual(
                expected.get().getBytes(StandardCharsets.UTF_8), clientSecret.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(Response.Status.UNAUTHORIZED, "Unknown client or wrong secret");
        }
        return Uni.createFrom().item(Map.of("access_token", tokens.forService(clientId), "token_type", "Bearer",
                "expires_in", config.serviceTokenLifetime().toSeconds()));
    }

    private Uni<Map<String, Object>> grant(User user, String clientId) {
        return refreshTokens.issue(user.id, clientId).map(refresh -> Map.of("access_token", tokens.forUser(user),
                "token_type", "Bearer", "expires_in", config.accessTokenLifetime().toSeconds(), "refresh_token", refresh));
    }
}
