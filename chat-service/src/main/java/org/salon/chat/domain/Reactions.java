package org.salon.chat.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.chat.events.ChatEventsOut;
import org.salon.platform.logging.ConversationLog;
import org.salon.platform.membership.Membership;
import org.salon.platform.problem.ProblemException;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Reactions: one emoji per participant per message at most once; adding twice or removing what is not there changes nothing. */
@ApplicationScoped
public class Reactions {
    private static final ConversationLog LOG = ConversationLog.of(Reactions.class);

    @Inject
    Membership membership;

    @Inject
    Messages messages;

    @Inject
    ChatEventsOut events;

    /** An emoji on a message: how many, and who. */
    public record Summary(String emoji, int count, List<String> participants) {
    }

    public Uni<Void> set(UUID conversation, long messageId, String participant, String emoji, boolean on) {
        if (!Emoji.valid(emoji)) {
            throw ProblemException.badRequest("A reaction is one emoji");
        }
        return membership.of(conversation, participant).invoke(Messages::mayPost)
                .chain(place -> Panache.withTransaction(() -> messages.live(conversation, messageId)
                        .chain(m -> Panache.getSession().chain(s -> s.createNativeQuery(on
                                ? "insert into reaction (message_id, participant_id, emoji, reacted_at) values (:m, :p, :e, now()) on conflict do nothing"
                                : "delete from reaction where message_id = :m and participant_id = :p and emoji = :e")
                                .setParameter("m", messageId).setParameter("p", participant).setParameter("e", emoji).executeUpdate()))
                        .chain(rows -> rows == 0 ? Uni.createFrom().voidItem()
                                : events.reaction(conversation, messageId, participant, emoji, on)
                                        .invoke(() -> LOG.info(conversation, "%s %s %s on message %d", participant,
                                                on ? "added" : "removed", emoji, messageId)))));
    }

    /** The reactions on these messages, by message id, emoji in the order first used. */
    public static Uni<Map<Long, List<Summary>>> of(List<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                select message_id, emoji, participant_id from reaction where message_id in (:ids) order by reacted_at, participant_id""",
                Object[].class).setParameter("ids", messageIds).getResultList()))
                .map(rows -> {
                    Map<Long, Map<String, List<String>>> grouped = new LinkedHashMap<>();
                    for (Object[] r : rows) {
                        grouped.computeIfAbsent(((Number) r[0]).longValue(), k -> new LinkedHashMap<>())
                                .computeIfAbsent((String) r[1], k -> new ArrayList<>()).add((String) r[2]);
                    }
                    Map<Long, List<Summary>> out = new LinkedHashMap<>();
                    grouped.forEach((id, byEmoji) -> out.put(id, byEmoji.entrySet().stream()
                            .map(e -> new Summary(e.getKey(), e.getValue().size(), e.getValue())).toList()));
                    return out;
                });
    }
}
