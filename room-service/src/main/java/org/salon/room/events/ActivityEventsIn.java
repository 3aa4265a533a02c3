package org.salon.room.events;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.salon.contracts.events.CallEvents;
import org.salon.contracts.events.ChatEvents;
import org.salon.platform.events.IncomingEvent;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where chat and call events enter room-service, for the conversation list: last activity, unread counts, the
 * running call, who is online and in it. Every update is idempotent and ignores what is older than what it knows,
 * so a redelivered or replayed event changes nothing.
 */
@ApplicationScoped
public class ActivityEventsIn {

    /** Characters of a message the conversation list previews. */
    private static final int PREVIEW = 120;

    @Inject
    Pool db;

    @Inject
    ObjectMapper json;

    @Incoming("chat-events")
    public Uni<Void> onChat(String value) {
        return IncomingEvent.apply(json, value, "salon.chat", this::chat);
    }

    private Uni<Void> chat(IncomingEvent event) {
        return switch (event.type()) {
            case ChatEvents.POSTED -> update("""
                    update conversation set last_seq = greatest(last_seq, $2), last_activity = greatest(last_activity, $3)
                    where id = $1""", Tuple.of(event.conversation(), event.data().path("seq").asLong(), event.at("createdAt")))
                    .chain(() -> preview(event, event.text("authorName"), preview(event.data().path("body").asText("")),
                            event.data().path("system").asText(null)))
                    .chain(() -> read(event, "authorId"));
            case ChatEvents.EDITED -> update("""
                    update conversation set last_message_text = $3 where id = $1 and last_message_seq = $2""",
                    Tuple.of(event.conversation(), event.data().path("seq").asLong(), preview(event.data().path("body").asText(""))));
            case ChatEvents.DELETED -> update("""
                    update conversation set last_message_text = null, last_message_system = 'message_deleted'
                    where id = $1 and last_message_seq = $2""", Tuple.of(event.conversation(), event.data().path("seq").asLong()));
            case ChatEvents.READ -> read(event, "participantId");
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> preview(IncomingEvent event, String author, String text, String system) {
        return update("""
                update conversation set last_message_seq = $2, last_message_author = $3, last_message_text = $4, last_message_system = $5
                where id = $1 and last_message_seq < $2""", Tuple.from(new Object[] { event.conversation(), event.data().path("seq").asLong(),
                author, system == null ? text : null, system }));
    }

    /** The start of a message, on one line, as a list shows it. */
    private static String preview(String body) {
        String line = body.replaceAll("\\s+", " ").strip();
        return line.length() <= PREVIEW ? line : line.substring(0, PREVIEW - 1) + "…";
    }

    /** What a participant has read: their own messages, and up to their read marker. */
    private Uni<Void> read(IncomingEvent event, String participantField) {
        return update("update participant set read_seq = greatest(read_seq, $3) where conversation_id = $1 and participant_id = $2",
                Tuple.of(event.conversation(), event.text(participantField), event.data().path("seq").asLong()));
    }

    @Incoming("call-events")
    public Uni<Void> onCall(String value) {
        return IncomingEvent.apply(json, value, "salon.calls", this::call);
    }

    private Uni<Void> call(IncomingEvent event) {
        return switch (event.type()) {
            case CallEvents.STARTED -> update("""
                    update conversation set call_id = $2, call_started_at = $3, call_state_at = $3,
                        last_activity = greatest(last_activity, $3)
                    where id = $1 and (call_state_at is null or call_state_at <= $3)""",
                    Tuple.of(event.conversation(), event.text("callId"), event.at("startedAt")));
            case CallEvents.ENDED -> update("""
                    update conversation set call_id = null, call_started_at = null, call_state_at = $3
                    where id = $1 and call_id = $2""", Tuple.of(event.conversation(), event.text("callId"), event.at("endedAt")));
            case CallEvents.PRESENCE -> update("""
                    update participant set online = $3, in_call = $4, audio = $5, video = $6, screen = $7, presence_at = $8
                    where conversation_id = $1 and participant_id = $2 and (presence_at is null or presence_at <= $8)""",
                    Tuple.from(new Object[] { event.conversation(), event.text("participantId"), event.data().path("online").asBoolean(),
                            event.data().path("inCall").asBoolean(), event.data().path("audio").asBoolean(),
                            event.data().path("video").asBoolean(), event.data().path("screen").asBoolean(), event.at("at") }));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> update(String sql, Tuple values) {
        return db.preparedQuery(sql).execute(values).replaceWithVoid();
    }

}
