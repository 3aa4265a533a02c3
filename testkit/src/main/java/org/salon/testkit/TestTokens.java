package org.salon.testkit;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Tokens for a service's tests, signed with a key made for this test JVM; the test resource configures the
 * service's quarkus-oidc to trust that key and {@link #ISSUER}. Also the bad tokens every service must refuse.
 */
public final class TestTokens {
    public static final String ISSUER = "https://issuer.salon.test";
    public static final String AUDIENCE = "salon";
    private static final KeyPair KEY = rsa();
    private static final KeyPair OTHER_KEY = rsa();

    public static String publicKey() {
        return Base64.getEncoder().encodeToString(KEY.getPublic().getEncoded());
    }

    public static String user(String userId, String... roles) {
        Set<String> groups = roles.length == 0 ? Set.of("user") : Set.of(roles);
        return sign(Jwt.subject(userId).claim("preferred_username", userId).claim("name", userId).groups(groups));
    }

    /** A user's token that expires in {@code seconds}. */
    public static String expiringUser(String userId, long seconds) {
        return Jwt.subject(userId).claim("name", userId).groups(Set.of("user")).issuer(ISSUER).audience(AUDIENCE).expiresIn(seconds)
                .jws().keyId("test").sign(KEY.getPrivate());
    }

    public static String user() {
        return user(UUID.randomUUID().toString());
    }

    public static String guest(String conversation) {
        return guest(conversation, "guest-" + UUID.randomUUID());
    }

    public static String guest(String conversation, String guestId) {
        return sign(Jwt.subject(guestId).claim("name", "A guest").claim("salon_conversation", conversation).groups(Set.of("guest")));
    }

    public static String expired() {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        return Jwt.subject(UUID.randomUUID().toString()).groups(Set.of("user")).issuer(ISSUER).audience(AUDIENCE)
                .issuedAt(past.minusSeconds(600)).expiresAt(past).jws().keyId("test").sign(KEY.getPrivate());
    }

    public static String wrongIssuer() {
        return Jwt.subject(UUID.randomUUID().toString()).groups(Set.of("user")).issuer("https://evil.example").audience(AUDIENCE)
                .expiresIn(600).jws().keyId("test").sign(KEY.getPrivate());
    }

    public static String wrongAudience() {
        return Jwt.subject(UUID.randomUUID().toString()).groups(Set.of("user")).issuer(ISSUER).audience("another-app")
                .expiresIn(600).jws().keyId("test").sign(KEY.getPrivate());
    }

    public static String badSignature() {
        return Jwt.subject(UUID.randomUUID().toString()).groups(Set.of("user")).issuer(ISSUER).audience(AUDIENCE)
                .expiresIn(600).jws().keyId("test").sign(OTHER_KEY.getPrivate());
    }

    /** An unsigned token ({@code alg: none}) claiming to be an admin. */
    public static String algNone() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"sub\":\"" + UUID.randomUUID() + "\",\"groups\":[\"user\",\"admin\"],\"iss\":\"" + ISSUER
                + "\",\"aud\":\"" + AUDIENCE + "\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}");
        return header + "." + payload + ".";
    }

    private static String sign(JwtClaimsBuilder claims) {
        return claims.issuer(ISSUER).audience(AUDIENCE).expiresIn(600).jws().keyId("test").sign(KEY.getPrivate());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestTokens() {
    }
}
