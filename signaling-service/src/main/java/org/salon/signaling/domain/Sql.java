package org.salon.signaling.domain;

import java.util.Map;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** A native statement in the current Panache session (and its transaction, if one runs). */
final class Sql {

    /** Runs an insert, update or delete; the number of rows it changed. */
    static Uni<Integer> update(String statement, Map<String, Object> parameters) {
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(statement);
            parameters.forEach(q::setParameter);
            return q.executeUpdate();
        });
    }

    private Sql() {
    }
}
