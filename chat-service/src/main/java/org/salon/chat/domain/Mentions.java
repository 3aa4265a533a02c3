package org.salon.chat.domain;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.platform.membership.Membership;

import io.smallrye.mutiny.Uni;

/**
 * @mentions in a message: {@code @id} or {@code @"Display Name"} of a participant, and {@code @all} (from owners and
 * moderators only; from others it stays text). What does not name a participant stays text.
 */
@ApplicationScoped
public class Mentions {
    private static final Pattern MENTION = Pattern.compile("(?<![\\w@])@(\"[^\"\\n]{1,64}\"|[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63})");

    @Inject
    Membership membership;

    /** The participants a body mentions, and whether it mentions everyone. */
    public record Found(Set<String> ids, boolean all) {
        String joined() {
            return String.join(" ", ids);
        }
    }

    public Uni<Found> in(UUID conversation, String body, boolean byModerator) {
        Matcher m = MENTION.matcher(body);
        Set<String> tokens = new LinkedHashSet<>();
        while (m.find()) {
            String token = m.group(1);
            tokens.add(token.startsWith("\"") ? token.substring(1, token.length() - 1) : token);
        }
        if (tokens.isEmpty()) {
            return Uni.createFrom().item(new Found(Set.of(), false));
        }
        boolean all = byModerator && tokens.contains("all");
        return membership.participants(conversation).map(participants -> {
            Set<String> ids = new LinkedHashSet<>();
            for (String token : tokens) {
                String lower = token.toLowerCase(Locale.ROOT);
                participants.stream().filter(p -> p.participantId().equals(token) || p.displayName().toLowerCase(Locale.ROOT).equals(lower))
                        .findFirst().ifPresent(p -> ids.add(p.participantId()));
            }
            return new Found(ids, all);
        });
    }
}
