package org.salon.chat.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.chat.config.ChatConfig;
import org.salon.platform.security.Throttle;

/**
 * How fast one sender may post, per chat-service instance: a bucket of {@code burst} posts refilled at
 * {@code perSecond}; an empty bucket is a 429 with Retry-After. A flood from one sender cannot slow the others.
 */
@ApplicationScoped
public class PostRate {
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    ChatConfig config;

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    /** Takes one post from the sender's bucket, or refuses with {@link Throttle.Locked}. */
    public void take(String sender) {
        long now = System.nanoTime();
        double perSecond = config.rate().perSecond();
        int burst = config.rate().burst();
        forgetIdle(now);
        Bucket b = buckets.computeIfAbsent(sender, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.refilledAt) / 1e9 * perSecond);
            b.refilledAt = now;
            if (b.tokens < 1) {
                long wait = (long) Math.ceil((1 - b.tokens) / perSecond);
                throw new Throttle.Locked(Math.max(1, wait), "You are posting too fast; wait " + Math.max(1, wait) + " s");
            }
            b.tokens -= 1;
        }
    }

    /** Forgets senders whose bucket is full again, once there are many. */
    private void forgetIdle(long now) {
        if (buckets.size() > 10_000) {
            buckets.entrySet().removeIf(e -> (now - e.getValue().refilledAt) / 1e9 * config.rate().perSecond() >= config.rate().burst());
        }
    }
}
