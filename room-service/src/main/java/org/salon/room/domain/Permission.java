package org.salon.room.domain;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;

import org.salon.platform.problem.ProblemException;

/** What a participant may do in a conversation, stored as a bit set (Nextcloud Talk keeps them the same way). */
public enum Permission {
    START_CALL("start_call"),
    JOIN_CALL("join_call"),
    PUBLISH_AUDIO("publish_audio"),
    PUBLISH_VIDEO("publish_video"),
    SHARE_SCREEN("share_screen"),
    CHAT("chat");

    public static final int ALL = (1 << values().length) - 1;

    private final String wire;

    Permission(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public int bit() {
        return 1 << ordinal();
    }

    /** The bit set of these names; a 400 naming any unknown one. */
    public static int bits(Collection<String> names) {
        int bits = 0;
        for (String name : names) {
            Permission p = null;
            for (Permission candidate : values()) {
                if (candidate.wire.equals(name)) {
                    p = candidate;
                }
            }
            if (p == null) {
                throw ProblemException.badRequest("Unknown permission '" + name + "'; known: " + List.of(values()).stream()
                        .map(Permission::wire).toList());
            }
            bits |= p.bit();
        }
        return bits;
    }

    public static List<String> names(int bits) {
        return EnumSet.allOf(Permission.class).stream().filter(p -> (bits & p.bit()) != 0).map(Permission::wire).toList();
    }

    public static List<String> namesOrNull(Integer bits) {
        return bits == null ? null : names(bits);
    }

    public static boolean has(int bits, Permission p) {
        return (bits & p.bit()) != 0;
    }
}
