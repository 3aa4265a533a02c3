package org.salon.chat.domain;

/**
 * Whether a reaction is one emoji: a pictograph (or a keycap, or a flag of two regional indicators), with the
 * joiners, variation selectors, skin tones and tags that compose emoji sequences; at most 16 code points.
 */
final class Emoji {

    static boolean valid(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        int[] cps = s.codePoints().toArray();
        if (cps.length > 16) {
            return false;
        }
        if (cps.length >= 2 && isKeycapBase(cps[0]) && cps[cps.length - 1] == 0x20E3) {
            return cps.length == 2 || cps.length == 3 && cps[1] == 0xFE0F;
        }
        if (!isPictograph(cps[0])) {
            return false;
        }
        for (int i = 1; i < cps.length; i++) {
            if (!isPictograph(cps[i]) && !isModifier(cps[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKeycapBase(int cp) {
        return cp >= '0' && cp <= '9' || cp == '#' || cp == '*';
    }

    private static boolean isPictograph(int cp) {
        return cp >= 0x1F000 && cp <= 0x1FAFF       // emoticons, symbols, pictographs, flags' regional indicators
                || cp >= 0x2600 && cp <= 0x27BF     // miscellaneous symbols, dingbats
                || cp >= 0x2300 && cp <= 0x23FF     // technical (⌚, ⏰)
                || cp >= 0x2B00 && cp <= 0x2BFF     // arrows, stars (⭐)
                || cp >= 0x2190 && cp <= 0x21FF     // arrows
                || cp >= 0x25A0 && cp <= 0x25FF     // geometric shapes
                || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
                || cp == 0x24C2 || cp == 0x2934 || cp == 0x2935 || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
    }

    private static boolean isModifier(int cp) {
        return cp == 0x200D || cp == 0xFE0F || cp >= 0xE0020 && cp <= 0xE007F;
    }

    private Emoji() {
    }
}
