package org.salon.room.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.salon.platform.problem.ProblemException;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The conversation list: mine by last activity, and search in mine and in the public ones I may join. */
@ApplicationScoped
public class ConversationList {

    /** One conversation as a user sees it in the list; {@code me} is null for a public one they may join. */
    public record Entry(Conversation conversation, Participant me, String otherName) {
    }

    /** My conversations, most recently active first. */
    public Uni<List<Entry>> mine(String me, int offset, int limit) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "select c, p from Conversation c join Participant p on p.conversationId = c.id "
                        + "where p.participantId = :me order by c.lastActivity desc, c.id", Object[].class)
                .setParameter("me", me).setFirstResult(offset).setMaxResults(limit).getResultList())
                .chain(rows -> withOtherNames(me, rows)));
    }

    /**
     * My conversations whose name or a participant's name contains the text, then public conversations I am not in
     * whose name contains it (joinable by their link).
     */
    public Uni<List<Entry>> search(String me, String text, int limit) {
        String pattern = likePattern(text);
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "select c, p from Conversation c join Participant p on p.conversationId = c.id where p.participantId = :me "
                        + "and (lower(c.name) like :q escape '!' or exists (select 1 from Participant o where o.conversationId = c.id "
                        + "and o.participantId <> :me and lower(o.displayName) like :q escape '!')) "
                        + "order by c.lastActivity desc, c.id", Object[].class)
                .setParameter("me", me).setParameter("q", pattern).setMaxResults(limit).getResultList()
                .chain(rows -> withOtherNames(me, rows))
                .chain(found -> s.createSelectionQuery("from Conversation c where c.type = :public and lower(c.name) like :q "
                        + "escape '!' and not exists (select 1 from Participant p where p.conversationId = c.id and p.participantId = :me) "
                        + "order by c.lastActivity desc, c.id", Conversation.class)
                        .setParameter("public", ConversationType.PUBLIC).setParameter("q", pattern).setParameter("me", me)
                        .setMaxResults(limit).getResultList()
                        .map(open -> {
                            List<Entry> all = new java.util.ArrayList<>(found);
                            open.forEach(c -> all.add(new Entry(c, null, null)));
                            return all;
                        }))));
    }

    static String likePattern(String text) {
        String q = text == null ? "" : text.strip();
        if (q.isEmpty() || q.length() > 100) {
            throw ProblemException.badRequest("A search is 1 to 100 characters");
        }
        return "%" + q.toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    /** One conversation as the caller sees it. */
    public Uni<Entry> one(String me, Access.Place place) {
        return withOtherNames(me, List.<Object[]>of(new Object[] { place.conversation(), place.me() })).map(l -> l.get(0));
    }

    /** A one-to-one is shown under the other person's name. */
    private Uni<List<Entry>> withOtherNames(String me, List<Object[]> rows) {
        List<UUID> pairs = rows.stream().map(r -> (Conversation) r[0]).filter(c -> c.type == ConversationType.ONE_TO_ONE)
                .map(c -> c.id).toList();
        Uni<List<Participant>> others = pairs.isEmpty() ? Uni.createFrom().item(List.of())
                : Participant.list("conversationId in ?1 and participantId <> ?2", pairs, me);
        return others.map(list -> {
            Map<UUID, String> names = new HashMap<>();
            list.forEach(p -> names.put(p.conversationId, p.displayName));
            return rows.stream().map(r -> {
                Conversation c = (Conversation) r[0];
                return new Entry(c, (Participant) r[1], names.get(c.id));
            }).toList();
        });
    }
}
