package org.salon.auth.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "salon.auth")
public interface AuthConfig {
    /** The issuer URL written into tokens and the discovery document; services are configured with the same. */
    String issuer();

    /** Audience of every token this service issues. */
    @WithDefault("salon")
    String audience();

    @WithDefault("10m")
    Duration accessTokenLifetime();

    @WithDefault("12h")
    Duration guestTokenLifetime();

    /** Services' own tokens (client credentials). */
    @WithDefault("10m")
    Duration serviceTokenLifetime();

    @WithDefault("30d")
    Duration refreshTokenLifetime();

    /** A new signing key is made when the current one is older than this; the old one verifies until its tokens expire. */
    @WithDefault("7d")
    Duration keyRotationInterval();

    /**
     * How long a new key is published before it signs: at least the time services cache the key set
     * (quarkus-oidc's forced JWK refresh interval, 10 minutes by default).
     */
    @WithDefault("15m")
    Duration keyPublishAhead();

    /** Clients allowed to use the password grant: first-party apps only. */
    @WithDefault("salon-web")
    List<String> firstPartyClients();

    /** Services that may ask for guest tokens (client credentials grant), each "client-id=secret". */
    Optional<List<String>> serviceClients();

    /**
     * A directory search starts from the users matching its most selective word when at most this many words
     * match it, and otherwise walks users in display order (see Directory.search and docs/benchmarks.md).
     */
    @WithDefault("5000")
    int directorySelectiveCandidates();

    Demo demo();

    interface Demo {
        /** Password of the demo users the local launcher asks for (alice, bob, carol, dave; alice is admin). */
        Optional<String> password();
    }
}
