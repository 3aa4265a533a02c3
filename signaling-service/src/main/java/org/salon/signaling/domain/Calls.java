package org.salon.signaling.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.platform.logging.ConversationLog;
import org.salon.platform.membership.Membership;
import org.salon.platform.membership.Permission;
import org.salon.platform.problem.ProblemException;
import org.salon.signaling.events.CallEventsOut;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Who is in each conversation's call, with which media (tables call and call_session, shared by all instances).
 * The first to join starts the call if they may; the last to leave ends it. Permissions are checked here, before
 * anything reaches media-gateway; every change is an event on salon.calls, committed with it.
 */
@ApplicationScoped
public class Calls {
    private static final ConversationLog LOG = ConversationLog.of(Calls.class);

    @Inject
    Membership membership;

    @Inject
    CallEventsOut events;

    @Inject
    Presence presence;

    @Inject
    MediaRelay media;

    /** Media a session sends. */
    public record Media(boolean audio, boolean video, boolean screen) {
    }

    /** One session in the call. */
    public record InCall(String participantId, String session, boolean audio, boolean video, boolean screen) {
    }

    public record CallState(UUID conversation, UUID callId, String startedBy, Instant startedAt, List<InCall> participants) {
    }

    /** Joins (starting it if none runs) with the media asked for, each allowed by the participant's permissions. */
    public Uni<CallState> join(UUID conversation, String participant, String session, String instance, Media media) {
        return membership.of(conversation, participant).map(Membership.Place::outOfLobby)
                .chain(place -> Panache.withTransaction(() -> lockCall(conversation).chain(running -> {
                    if (running == null && !place.may(Permission.START_CALL)) {
                        throw ProblemException.forbidden("You may not start a call in this conversation");
                    }
                    if (running != null && !place.may(Permission.JOIN_CALL)) {
                        throw ProblemException.forbidden("You may not join this conversation's call");
                    }
                    allowed(place, media);
                    Instant now = now();
                    Uni<Void> started = running != null ? Uni.createFrom().voidItem() : start(conversation, participant, now);
                    return started.chain(() -> presence.lock(conversation, participant)).chain(() -> Sql.update("""
                            insert into call_session (conversation_id, session, participant_id, instance, audio, video, screen, joined_at)
                            values (:c, :s, :p, :i, :a, :v, :sc, :t)
                            on conflict (conversation_id, session) do update set audio = excluded.audio, video = excluded.video,
                                screen = excluded.screen""", Map.of("c", conversation, "s", session, "p", participant, "i", instance,
                            "a", media.audio(), "v", media.video(), "sc", media.screen(), "t", now)))
                            .chain(() -> Sql.update("update call set attendees = array_append(attendees, :p) where conversation_id = :c "
                                    + "and not (:p = any(attendees))", Map.of("c", conversation, "p", participant)))
                            .chain(() -> presence.changed(conversation, participant));
                })).chain(() -> state(conversation)))
                .invoke(state -> LOG.info(conversation, "%s joined the call", participant));
    }

    /** Changes the media a session sends; each one turned on must be allowed. */
    public Uni<CallState> media(UUID conversation, String participant, String session, Media media) {
        return membership.of(conversation, participant).invoke(place -> allowed(place, media))
                .chain(place -> Panache.withTransaction(() -> presence.lock(conversation, participant).chain(() -> Sql.update(
                        "update call_session set audio = :a, video = :v, screen = :sc where conversation_id = :c and session = :s",
                        Map.of("a", media.audio(), "v", media.video(), "sc", media.screen(), "c", conversation, "s", session)).chain(rows -> {
                            if (rows == 0) {
                                throw ProblemException.conflict("You are not in this conversation's call");
                            }
                            return presence.changed(conversation, participant);
                        }))))
                .chain(() -> state(conversation));
    }

    private static void allowed(Membership.Place place, Media media) {
        if (media.audio() && !place.may(Permission.PUBLISH_AUDIO)) {
            throw ProblemException.forbidden("You may not publish audio in this conversation");
        }
        if (media.video() && !place.may(Permission.PUBLISH_VIDEO)) {
            throw ProblemException.forbidden("You may not publish video in this conversation");
        }
        if (media.screen() && !place.may(Permission.SHARE_SCREEN)) {
            throw ProblemException.forbidden("You may not share your screen in this conversation");
        }
    }

    /** A session leaves; the last one out ends the call. Then media-gateway releases the session's media. */
    public Uni<Void> leave(UUID conversation, String participant, String session) {
        return Panache.withTransaction(() -> lockCall(conversation).chain(running -> running == null ? Uni.createFrom().item(false)
                : presence.lock(conversation, participant).chain(() -> Sql.update(
                        "delete from call_session where conversation_id = :c and session = :s", Map.of("c", conversation, "s", session)))
                        .chain(rows -> rows == 0 ? Uni.createFrom().item(false)
                                : afterLeaving(conversation, participant, running).replaceWith(true))))
                .chain(left -> {
                    if (!left) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.info(conversation, "%s left the call", participant);
                    return media.left(conversation, session, participant);
                });
    }

    /** Every call session a connection of this instance had, when it closes. */
    public Uni<Void> leaveAll(String session) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select conversation_id, participant_id from call_session where session = :s", Object[].class)
                .setParameter("s", session).getResultList()))
                .chain(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Object[] r : rows) {
                        all = all.chain(() -> leave((UUID) r[0], (String) r[1], session));
                    }
                    return all;
                });
    }

    /** Moderators: mute someone, remove them from the call, or end the call for everyone. */
    public Uni<Void> control(UUID conversation, String moderator, String action, String target) {
        return membership.of(conversation, moderator).invoke(place -> {
            if (!place.moderates()) {
                throw ProblemException.forbidden("Only the conversation's owners and moderators may do that");
            }
        }).chain(place -> Panache.withTransaction(() -> lockCall(conversation).chain(running -> {
            if (running == null) {
                throw ProblemException.conflict("No call runs in this conversation");
            }
            return switch (action) {
                case "mute" -> sessionsOf(conversation, target).call(() -> presence.lock(conversation, target)).call(() -> Sql.update(
                        "update call_session set audio = false where conversation_id = :c and participant_id = :p",
                        Map.of("c", conversation, "p", target))).call(() -> presence.changed(conversation, target));
                case "remove" -> sessionsOf(conversation, target).call(() -> presence.lock(conversation, target)).call(() -> Sql.update(
                        "delete from call_session where conversation_id = :c and participant_id = :p",
                        Map.of("c", conversation, "p", target))).call(() -> afterLeaving(conversation, target, running));
                case "end" -> state(conversation).map(CallState::participants).call(() -> Sql.update(
                        "delete from call_session where conversation_id = :c", Map.of("c", conversation)))
                        .call(() -> end(conversation, running));
                default -> throw ProblemException.badRequest("'action' is mute, remove or end");
            };
        }))).invoke(() -> LOG.info(conversation, "%s: %s %s", moderator, action, target == null ? "" : target))
                // then media-gateway mutes their microphone or releases their media (an ended call's room goes with the last)
                .chain(sessions -> {
                    Uni<Void> told = Uni.createFrom().voidItem();
                    for (InCall s : sessions) {
                        told = told.chain(() -> "mute".equals(action) ? media.muted(conversation, s.session(), s.participantId())
                                : media.left(conversation, s.session(), s.participantId()));
                    }
                    return told;
                });
    }

    private Uni<List<InCall>> sessionsOf(UUID conversation, String participant) {
        return state(conversation).map(state -> {
            List<InCall> mine = state.participants().stream().filter(p -> p.participantId().equals(participant)).toList();
            if (mine.isEmpty()) {
                throw ProblemException.badRequest(participant + " is not in the call");
            }
            return mine;
        });
    }

    /** After a session left: the participant's presence as it is now; the call ends once nobody is in. */
    private Uni<Void> afterLeaving(UUID conversation, String participant, Running running) {
        return presence.changed(conversation, participant).chain(() -> state(conversation))
                .chain(state -> state.participants().isEmpty() ? end(conversation, running) : Uni.createFrom().voidItem());
    }

    private Uni<Void> end(UUID conversation, Running running) {
        Instant now = now();
        return Sql.update("delete from call where conversation_id = :c", Map.of("c", conversation))
                .chain(() -> events.ended(conversation, running.callId(), now, Duration.between(running.startedAt(), now).toSeconds(),
                        running.attendees()));
    }

    private Uni<Void> start(UUID conversation, String by, Instant at) {
        UUID callId = UUID.randomUUID();
        return Sql.update("insert into call (conversation_id, call_id, started_by, started_at) values (:c, :id, :by, :at)",
                Map.of("c", conversation, "id", callId, "by", by, "at", at)).chain(() -> events.started(conversation, callId, by, at));
    }

    /** The running call, its row locked for this change (null if none). */
    private record Running(UUID callId, Instant startedAt, List<String> attendees) {
    }

    private Uni<Running> lockCall(UUID conversation) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select call_id, started_at, array_to_string(attendees, ' ') from call where conversation_id = :c for update", Object[].class)
                .setParameter("c", conversation).getResultList())
                .map(rows -> rows.isEmpty() ? null : new Running((UUID) rows.get(0)[0], instant(rows.get(0)[1]),
                        List.of(((String) rows.get(0)[2]).split(" ")).stream().filter(a -> !a.isEmpty()).toList()));
    }

    public Uni<CallState> state(UUID conversation) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                select c.call_id, c.started_by, c.started_at, cs.participant_id, cs.session, cs.audio, cs.video, cs.screen
                from call c left join call_session cs on cs.conversation_id = c.conversation_id
                where c.conversation_id = :c order by cs.joined_at, cs.session""", Object[].class)
                .setParameter("c", conversation).getResultList()))
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return new CallState(conversation, null, null, null, List.of());
                    }
                    List<InCall> in = new ArrayList<>();
                    for (Object[] r : rows) {
                        if (r[3] != null) {
                            in.add(new InCall((String) r[3], (String) r[4], (Boolean) r[5], (Boolean) r[6], (Boolean) r[7]));
                        }
                    }
                    return new CallState(conversation, (UUID) rows.get(0)[0], (String) rows.get(0)[1], instant(rows.get(0)[2]), in);
                });
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return value instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) value;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
