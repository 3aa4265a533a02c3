package org.salon.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "salon.chat")
public interface ChatConfig {
    /** Longest message, in characters. */
    @WithDefault("32000")
    int maxMessageLength();

    /** Most messages one history or search page returns. */
    @WithDefault("200")
    int maxPage();

    Rate rate();

    /** How fast one sender may post (per chat-service instance). */
    interface Rate {
        /** Posts allowed at once. */
        @WithDefault("20")
        int burst();

        /** Posts allowed per second after the burst. */
        @WithDefault("2")
        double perSecond();
    }
}
