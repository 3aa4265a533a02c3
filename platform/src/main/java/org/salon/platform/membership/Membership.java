package org.salon.platform.membership;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.platform.problem.ProblemException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Who is in which conversation, as this service learned it from room-service's events (tables membership_*,
 * kept by {@link MembershipEventsIn}): the question every request about a conversation asks first.
 */
@ApplicationScoped
public class Membership {
    private static final Duration POLL = Duration.ofMillis(100);

    @Inject
    Pool db;

    @Inject
    MembershipConfig config;

    /** A participant in a conversation: their role and what they may do now. */
    public record Place(UUID conversation, String participantId, String kind, String role, int permissions, boolean readOnly,
            boolean lobbyEnabled, Instant lobbyOpenAt) {

        public boolean moderates() {
            return "owner".equals(role) || "moderator".equals(role);
        }

        public boolean may(Permission p) {
            return p.in(permissions);
        }

        /** Non-moderators wait in the lobby while it is enabled and its opening time (if any) has not come. */
        public boolean waitsInLobby(Instant now) {
            return !moderates() && lobbyEnabled && (lobbyOpenAt == null || now.isBefore(lobbyOpenAt));
        }

        /** Refuses someone waiting in the lobby. */
        public Place outOfLobby() {
            if (waitsInLobby(Instant.now())) {
                throw ProblemException.forbidden("You are waiting in the lobby until a moderator opens the conversation");
            }
            return this;
        }
    }

    /** Someone in a conversation, as the projection knows them. */
    public record Participant(String participantId, String kind, String role, String displayName) {
    }

    /** Everyone in the conversation now. */
    public Uni<List<Participant>> participants(UUID conversation) {
        return db.preparedQuery("select participant_id, kind, role, display_name from membership where conversation_id = $1")
                .execute(Tuple.of(conversation)).map(rows -> {
                    List<Participant> all = new ArrayList<>();
                    rows.forEach(r -> all.add(new Participant(r.getString(0), r.getString(1), r.getString(2), r.getString(3))));
                    return all;
                });
    }

    /**
     * The participant's place in the conversation: 404 if no such conversation, 403 if they are not in it. A
     * conversation or participant not heard of yet is waited for a moment (room-service's event may be on its way).
     */
    public Uni<Place> of(UUID conversation, String participant) {
        long deadline = System.nanoTime() + config.catchUp().toNanos();
        return await(conversation, participant, deadline)
                .map(found -> found.orElseThrow(() -> ProblemException.forbidden("You are not a participant of this conversation")));
    }

    private Uni<Optional<Lookup>> lookupOnce(UUID conversation, String participant) {
        return db.preparedQuery("""
                select c.deleted, c.read_only, c.lobby_enabled, c.lobby_open_at, c.who_may_start_call, c.default_permissions,
                       m.kind, m.role, m.permissions
                from membership_conversation c
                left join membership m on m.conversation_id = c.conversation_id and m.participant_id = $2
                where c.conversation_id = $1""").execute(Tuple.of(conversation, participant))
                .map(rows -> rows.size() == 0 ? Optional.<Lookup>empty() : Optional.of(new Lookup(rows.iterator().next())));
    }

    private Uni<Optional<Place>> await(UUID conversation, String participant, long deadline) {
        return lookupOnce(conversation, participant).chain(found -> {
            boolean known = found.isPresent() && found.get().member() && !found.get().row.getBoolean("deleted");
            if (known || System.nanoTime() > deadline) {
                return Uni.createFrom().item(() -> place(conversation, participant, found));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(POLL).chain(() -> await(conversation, participant, deadline));
        });
    }

    private static Optional<Place> place(UUID conversation, String participant, Optional<Lookup> found) {
        if (found.isEmpty() || found.get().row.getBoolean("deleted")) {
            throw ProblemException.notFound("No conversation " + conversation);
        }
        Row r = found.get().row;
        if (!found.get().member()) {
            return Optional.empty();
        }
        String role = r.getString("role");
        Integer own = r.getInteger("permissions");
        OffsetDateTime opens = r.getOffsetDateTime("lobby_open_at");
        return Optional.of(new Place(conversation, participant, r.getString("kind"), role,
                Permission.effective(role, own, r.getInteger("default_permissions"), r.getString("who_may_start_call")),
                r.getBoolean("read_only"), r.getBoolean("lobby_enabled"), opens == null ? null : opens.toInstant()));
    }

    private record Lookup(Row row) {
        boolean member() {
            return row.getString("role") != null;
        }
    }
}
