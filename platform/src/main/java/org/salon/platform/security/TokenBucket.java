package org.salon.platform.security;

/**
 * A rate of {@code perSecond} with bursts up to {@code burst}: chat's per-sender posts, signaling's per-connection
 * frames. Safe for concurrent use.
 */
public final class TokenBucket {
    private final int burst;
    private final double perSecond;
    private double tokens;
    private long refilledAt = System.nanoTime();

    public TokenBucket(int burst, double perSecond) {
        this.burst = burst;
        this.perSecond = perSecond;
        this.tokens = burst;
    }

    /** Takes one; 0 when taken, else the seconds until one is there (nothing taken). */
    public synchronized double take() {
        refill(System.nanoTime());
        if (tokens < 1) {
            return (1 - tokens) / perSecond;
        }
        tokens -= 1;
        return 0;
    }

    /** Full again: nothing taken for long enough, so forgetting it changes nothing. */
    public synchronized boolean full() {
        refill(System.nanoTime());
        return tokens >= burst;
    }

    private void refill(long now) {
        tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
        refilledAt = now;
    }
}
