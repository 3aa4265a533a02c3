package org.salon.room.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "salon.room")
public interface RoomConfig {
    /** Longest conversation name, in characters, after trimming. */
    @WithDefault("255")
    int maxNameLength();

    /** Longest description, in characters. */
    @WithDefault("2000")
    int maxDescriptionLength();
}
