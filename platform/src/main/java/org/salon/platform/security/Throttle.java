package org.salon.platform.security;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Brute-force protection: after a few failures, a key (an account from one IP, a conversation's password from
 * one IP, or one IP overall) is locked for a time that doubles with every further failure. Success clears only
 * its own key, so a success from one IP never unlocks another IP's attempts.
 */
@ApplicationScoped
public class Throttle {

    /** Thrown while a key is locked. */
    public static class Locked extends RuntimeException {
        private final long retryAfterSeconds;

        public Locked(long retryAfterSeconds) {
            this(retryAfterSeconds, "Too many failed attempts; try again in " + retryAfterSeconds + " s");
        }

        /** Any refusal for going too fast: answered 429 with Retry-After. */
        public Locked(long retryAfterSeconds, String reason) {
            super(reason, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    @Inject
    Pool db;

    @Inject
    ThrottleConfig config;

    public static String ipKey(String ip) {
        return "ip:" + ip;
    }

    public static String accountKey(String account, String ip) {
        return "account:" + account + "|ip:" + ip;
    }

    public static String conversationKey(Object conversation, String ip) {
        return "conversation:" + conversation + "|ip:" + ip;
    }

    /** Fails with {@link Locked} while any of the keys is locked. */
    public Uni<Void> check(List<String> keys) {
        return db.preparedQuery("select max(locked_until) from failed_attempt where key = any($1) and locked_until > now()")
                .execute(Tuple.of(keys.toArray(new String[0])))
                .map(rows -> rows.iterator().next().getOffsetDateTime(0))
                .invoke(until -> {
                    if (until != null) {
                        long seconds = Math.max(1, Duration.between(OffsetDateTime.now(ZoneOffset.UTC), until).toSeconds() + 1);
                        throw new Locked(seconds);
                    }
                }).replaceWithVoid();
    }

    /** Counts a failure against a key allowed {@code free} failures before locking. */
    public Uni<Void> failed(String key, int free) {
        ThrottleConfig t = config;
        return db.preparedQuery("""
                insert into failed_attempt (key, failures, locked_until, updated_at) values ($1, 1, null, now())
                on conflict (key) do update set failures = failed_attempt.failures + 1, updated_at = now()
                returning failures""").execute(Tuple.of(key))
                .chain(rows -> {
                    int failures = rows.iterator().next().getInteger(0);
                    if (failures < free) {
                        return Uni.createFrom().voidItem();
                    }
                    long millis = Math.min(t.maxLockout().toMillis(),
                            t.firstLockout().toMillis() << Math.min(30, failures - free));
                    return db.preparedQuery("update failed_attempt set locked_until = now() + ($2 * interval '1 millisecond') where key = $1")
                            .execute(Tuple.of(key, millis)).replaceWithVoid();
                });
    }

    public Uni<Void> succeeded(String key) {
        return db.preparedQuery("delete from failed_attempt where key = $1").execute(Tuple.of(key)).replaceWithVoid();
    }

    /** Failures so far under a key (for tests and diagnostics). */
    public Uni<Integer> failures(String key) {
        return db.preparedQuery("select failures from failed_attempt where key = $1").execute(Tuple.of(key))
                .map(rows -> rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0));
    }
}
