package org.salon.room.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum ConversationType {
    /** Exactly two users, created once per pair. */
    @JsonProperty("one_to_one")
    ONE_TO_ONE("one_to_one"),
    /** Invite only. */
    @JsonProperty("group")
    GROUP("group"),
    /** Guests may join by link. */
    @JsonProperty("public")
    PUBLIC("public");

    private final String wire;

    ConversationType(String wire) {
        this.wire = wire;
    }

    /** The name used in the API, the database and events. */
    public String wire() {
        return wire;
    }

    public static ConversationType fromWire(String wire) {
        for (ConversationType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException(wire);
    }
}
