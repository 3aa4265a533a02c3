package org.salon.auth.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.auth.config.AuthConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Opaque refresh tokens; only their SHA-256 is stored. Each use replaces the token (rotation). */
@ApplicationScoped
public class RefreshTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Pool db;

    @Inject
    AuthConfig config;

    public Uni<String> issue(UUID user, String client) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return db.preparedQuery("insert into refresh_token (token_hash, user_id, client_id, created_at, expires_at) "
                + "values ($1, $2, $3, now(), now() + ($4 * interval '1 second'))")
                .execute(Tuple.of(hash(token), user, client, config.refreshTokenLifetime().toSeconds()))
                .replaceWith(token);
    }

    /** Revokes a live token and returns its user, or null when it is unknown, expired or revoked. */
    public Uni<UUID> redeem(String token, String client) {
        return db.preparedQuery("update refresh_token set revoked_at = now() where token_hash = $1 and client_id = $2 "
                + "and revoked_at is null and expires_at > now() returning user_id")
                .execute(Tuple.of(hash(token), client))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }

    public Uni<Void> revoke(String token) {
        return db.preparedQuery("update refresh_token set revoked_at = now() where token_hash = $1 and revoked_at is null")
                .execute(Tuple.of(hash(token))).replaceWithVoid();
    }

    static String hash(String token) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
