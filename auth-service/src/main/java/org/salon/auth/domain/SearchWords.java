package org.salon.auth.domain;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Words for directory search: lower case, accents removed ("Éloïse" → "eloise"), split on anything not a letter or digit. */
public final class SearchWords {

    public static List<String> of(String text) {
        if (text == null) {
            return List.of();
        }
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(folded.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).distinct().toList();
    }

    /** The words a user is found by. */
    public static Set<String> ofUser(String login, String displayName, String email) {
        Set<String> words = new LinkedHashSet<>(of(login));
        words.addAll(of(displayName));
        words.addAll(of(email));
        return words;
    }

    private SearchWords() {
    }
}
