package org.salon.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "salon.signaling")
public interface SignalingConfig {
    /** This instance's name, unique among the instances running side by side. */
    String instance();

    /** Conversations one connection may have joined at once. */
    @WithDefault("64")
    int maxJoinedConversations();

    /** Event ids remembered to drop the outbox's occasional duplicate. */
    @WithDefault("100000")
    int recentEventIds();

    /** Frames one connection may send at once, then per second: beyond, an error frame and the frame is dropped. */
    @WithDefault("50")
    int frameBurst();

    @WithDefault("20")
    double framesPerSecond();
}
