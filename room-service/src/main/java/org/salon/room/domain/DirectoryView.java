package org.salon.room.domain;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.salon.platform.problem.ProblemException;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** room-service's view of the directory (table directory_user, fed by UserEventsIn). */
@ApplicationScoped
public class DirectoryView {

    public record KnownUser(UUID id, String displayName) {
    }

    /** The users, all known and enabled; otherwise a 400 naming those that are not. */
    public Uni<List<KnownUser>> knownAndEnabled(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select id, display_name from directory_user where enabled and id in (:ids)", Object[].class)
                .setParameter("ids", ids).getResultList())
                .map(rows -> {
                    List<KnownUser> users = rows.stream().map(r -> new KnownUser((UUID) r[0], (String) r[1])).toList();
                    Set<UUID> found = users.stream().map(KnownUser::id).collect(Collectors.toSet());
                    List<String> missing = ids.stream().filter(id -> !found.contains(id)).map(UUID::toString).toList();
                    if (!missing.isEmpty()) {
                        throw ProblemException.badRequest("Unknown or disabled users: " + String.join(", ", missing));
                    }
                    return users;
                });
    }
}
