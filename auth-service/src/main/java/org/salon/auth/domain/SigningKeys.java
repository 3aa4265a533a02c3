package org.salon.auth.domain;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.salon.auth.config.AuthConfig;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;

/**
 * The RSA keys tokens are signed with, kept in the database so that every auth-service instance signs and
 * publishes the same ones. The newest key signs; a key replaced by rotation stays published until every
 * token it signed has expired, then it is deleted.
 */
@ApplicationScoped
public class SigningKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    /** "keys" in ASCII: serialises rotation between instances. */
    private static final long LOCK = 0x6b657973L;

    public record SigningKey(String kid, PrivateKey privateKey, RSAPublicKey publicKey, Instant createdAt, Instant activeFrom,
            Instant retiredAt) {
    }

    @Inject
    AgroalDataSource db;

    @Inject
    AuthConfig config;

    private volatile List<SigningKey> keys = List.of();
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent startup) {
        rotateIfDue();
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "signing-keys"));
        timer.scheduleWithFixedDelay(this::refresh, 1, 1, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The key that signs new tokens: the newest one already active. */
    public SigningKey current() {
        Instant now = Instant.now();
        return keys.stream().filter(k -> !k.activeFrom().isAfter(now)).findFirst().orElseThrow();
    }

    /** Every key a token in circulation may have been signed with, newest first. */
    public List<SigningKey> published() {
        return keys;
    }

    private void refresh() {
        try {
            rotateIfDue();
        } catch (RuntimeException e) {
            LOG.warnf("signing keys not refreshed: %s", e.getMessage());
        }
    }

    /** Makes a new key when there is none or the newest is older than the rotation interval; reloads. */
    public synchronized void rotateIfDue() {
        rotate(false);
    }

    /** Makes a new key now (an operator's rotation), retiring the current one. */
    public synchronized void rotateNow() {
        rotate(true);
    }

    private void rotate(boolean force) {
        Duration longestToken = Stream.of(config.guestTokenLifetime(), config.accessTokenLifetime(), config.serviceTokenLifetime())
                .max(Duration::compareTo).orElseThrow();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, LOCK);
                lock.execute();
            }
            List<SigningKey> loaded = load(c);
            Instant now = Instant.now();
            if (force || loaded.isEmpty() || loaded.get(0).createdAt().plus(config.keyRotationInterval()).isBefore(now)) {
                // the very first key signs at once; later ones once services have had time to fetch them
                Instant activeFrom = loaded.isEmpty() ? now : now.plus(config.keyPublishAhead());
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                try (PreparedStatement retire = c.prepareStatement("update signing_key set retired_at = ? where retired_at is null");
                        PreparedStatement insert = c.prepareStatement(
                                "insert into signing_key (kid, private_key, public_key, created_at, active_from) values (?, ?, ?, ?, ?)")) {
                    // the replaced key keeps signing until the new one is active
                    retire.setTimestamp(1, Timestamp.from(activeFrom));
                    retire.executeUpdate();
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setBytes(2, pair.getPrivate().getEncoded());
                    insert.setBytes(3, pair.getPublic().getEncoded());
                    insert.setTimestamp(4, Timestamp.from(now));
                    insert.setTimestamp(5, Timestamp.from(activeFrom));
                    insert.executeUpdate();
                }
                LOG.info("new token signing key");
            }
            try (PreparedStatement expire = c.prepareStatement("delete from signing_key where retired_at < ?")) {
                expire.setTimestamp(1, Timestamp.from(now.minus(longestToken).minus(Duration.ofMinutes(5))));
                expire.executeUpdate();
            }
            keys = List.copyOf(load(c));
            c.commit();
        } catch (SQLException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("signing keys unavailable: " + e.getMessage(), e);
        }
    }

    private static List<SigningKey> load(Connection c) throws SQLException, java.security.GeneralSecurityException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        List<SigningKey> result = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "select kid, private_key, public_key, created_at, active_from, retired_at from signing_key order by created_at desc");
                ResultSet r = select.executeQuery()) {
            while (r.next()) {
                Timestamp retired = r.getTimestamp(6);
                result.add(new SigningKey(r.getString(1), rsa.generatePrivate(new PKCS8EncodedKeySpec(r.getBytes(2))),
                        (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(r.getBytes(3))),
                        r.getTimestamp(4).toInstant(), r.getTimestamp(5).toInstant(), retired == null ? null : retired.toInstant()));
            }
        }
        return result;
    }
}
