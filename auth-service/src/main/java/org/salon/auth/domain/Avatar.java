package org.salon.auth.domain;

import java.util.List;

/** What a client draws for a user without a picture: initials on a colour fixed by the user id. */
public record Avatar(String initials, String colour, String url) {
    // a palette with enough contrast for white initials
    private static final List<String> PALETTE = List.of("#0082c9", "#e9322d", "#49b382", "#ee8d00", "#9b59b6",
            "#1abc9c", "#d35400", "#34495e", "#c0392b", "#16a085");

    public static Avatar of(User user) {
        return new Avatar(initials(user.displayName), PALETTE.get(Math.floorMod(user.id.hashCode(), PALETTE.size())),
                user.avatarUrl);
    }

    static String initials(String displayName) {
        String[] words = displayName.strip().split("\\s+");
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (!w.isEmpty() && b.length() < 2) {
                b.appendCodePoint(Character.toUpperCase(w.codePointAt(0)));
            }
        }
        return b.toString();
    }
}
