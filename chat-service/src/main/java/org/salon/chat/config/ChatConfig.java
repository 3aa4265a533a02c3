package org.salon.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "salon.chat")
public interface ChatConfig {
    /** Longest message, in characters. */
    @WithDefault("32000")
    int maxMessageLength();

    /** Most messages one history page returns. */
    @WithDefault("200")
    int maxPage();
}
