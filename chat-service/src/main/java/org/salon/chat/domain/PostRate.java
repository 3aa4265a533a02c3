package org.salon.chat.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.chat.config.ChatConfig;
import org.salon.platform.security.Throttle;
import org.salon.platform.security.TokenBucket;

/**
 * How fast one sender may post, per chat-service instance: a bucket of {@code burst} posts refilled at
 * {@code perSecond}; an empty bucket is a 429 with Retry-After. A flood from one sender cannot slow the others.
 */
@ApplicationScoped
public class PostRate {
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    @Inject
    ChatConfig config;

    /** Takes one post from the sender's bucket, or refuses with {@link Throttle.Locked}. */
    public void take(String sender) {
        forgetIdle();
        double wait = buckets.computeIfAbsent(sender, k -> new TokenBucket(config.rate().burst(), config.rate().perSecond())).take();
        if (wait > 0) {
            long seconds = Math.max(1, (long) Math.ceil(wait));
            throw new Throttle.Locked(seconds, "You are posting too fast; wait " + seconds + " s");
        }
    }

    /** Forgets senders whose bucket is full again, once there are many. */
    private void forgetIdle() {
        if (buckets.size() > 10_000) {
            buckets.values().removeIf(TokenBucket::full);
        }
    }
}
