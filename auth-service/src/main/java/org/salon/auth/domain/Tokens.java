package org.salon.auth.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.auth.config.AuthConfig;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Signs the access tokens of users, guests and services. */
@ApplicationScoped
public class Tokens {
    public static final String ROLE_GUEST = "guest";
    public static final String ROLE_SERVICE = "service";
    /** The one conversation a guest token opens. */
    public static final String CONVERSATION_CLAIM = "salon_conversation";

    @Inject
    AuthConfig config;

    @Inject
    SigningKeys keys;

    public String forUser(User u) {
        return sign(Jwt.subject(u.id.toString()).claim("preferred_username", u.login).claim("name", u.displayName)
                .claim("email", u.email == null ? "" : u.email).groups(Set.of(u.roles)), config.accessTokenLifetime());
    }

    public String forGuest(String guestId, String displayName, String conversation) {
        return sign(Jwt.subject(guestId).claim("name", displayName).claim(CONVERSATION_CLAIM, conversation)
                .groups(Set.of(ROLE_GUEST)), config.guestTokenLifetime());
    }

    public String forService(String clientId) {
        return sign(Jwt.subject(clientId).groups(Set.of(ROLE_SERVICE)), config.serviceTokenLifetime());
    }

    private String sign(JwtClaimsBuilder claims, Duration lifetime) {
        Instant now = Instant.now();
        SigningKeys.SigningKey key = keys.current();
        return claims.issuer(config.issuer()).audience(config.audience()).issuedAt(now).expiresAt(now.plus(lifetime))
                .claim("jti", java.util.UUID.randomUUID().toString())
                .jws().keyId(key.kid()).sign(key.privateKey());
    }
}
