package org.salon.platform.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "salon.throttle")
public interface ThrottleConfig {
    /** Failures from one IP for one account (or one conversation's password) before backing off. */
    @WithDefault("5")
    int freeFailures();

    /** Failures from one IP, whatever the account or conversation, before backing off. */
    @WithDefault("50")
    int freeFailuresPerIp();

    /** First lockout; it doubles with each further failure. */
    @WithDefault("1s")
    Duration firstLockout();

    @WithDefault("15m")
    Duration maxLockout();
}
