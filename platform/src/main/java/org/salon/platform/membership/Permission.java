package org.salon.platform.membership;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;

import org.salon.platform.problem.ProblemException;

/**
 * What a participant may do in a conversation, stored as a bit set (as Nextcloud Talk keeps them). room-service
 * decides them; chat-service and signaling-service enforce them from its events, with the same rule.
 */
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
            Permission p = byWire(name);
            if (p == null) {
                throw ProblemException.badRequest("Unknown permission '" + name + "'; known: " + names(ALL));
            }
            bits |= p.bit();
        }
        return bits;
    }

    /** The bit set of the names this version knows (an event from a newer producer may name more). */
    public static int known(Collection<String> names) {
        int bits = 0;
        for (String name : names) {
            Permission p = byWire(name);
            bits |= p == null ? 0 : p.bit();
        }
        return bits;
    }

    private static Permission byWire(String name) {
        for (Permission p : values()) {
            if (p.wire.equals(name)) {
                return p;
            }
        }
        return null;
    }

    public static List<String> names(int bits) {
        return EnumSet.allOf(Permission.class).stream().filter(p -> (bits & p.bit()) != 0).map(Permission::wire).toList();
    }

    public static List<String> namesOrNull(Integer bits) {
        return bits == null ? null : names(bits);
    }

    public boolean in(int bits) {
        return (bits & bit()) != 0;
    }

    /**
     * What a participant may do: owners and moderators everything; others their own permissions, or the
     * conversation's defaults, with start_call narrowed by who may start a call (everyone, users or moderators).
     */
    public static int effective(String role, Integer own, int defaults, String whoMayStartCall) {
        if ("owner".equals(role) || "moderator".equals(role)) {
            return ALL;
        }
        int bits = own != null ? own : defaults;
        boolean mayStart = switch (whoMayStartCall) {
            case "moderators" -> false;
            case "users" -> !"guest".equals(role);
            default -> true;
        };
        return mayStart ? bits : bits & ~START_CALL.bit();
    }
}
