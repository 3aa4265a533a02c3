package org.salon.platform.membership;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "salon.membership")
public interface MembershipConfig {
    /** Build time: whether this service keeps the projection of conversations and participants (chat, signaling). */
    @WithDefault("false")
    boolean enabled();

    /**
     * How long a request about a conversation or participant this service has not heard of yet waits for the
     * projection to catch up with room-service (a conversation created a moment ago) before it is refused.
     */
    @WithDefault("3s")
    Duration catchUp();
}
