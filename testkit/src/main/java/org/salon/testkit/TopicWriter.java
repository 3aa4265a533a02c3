package org.salon.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes CloudEvents to a topic as another service would, for a consumer under test. */
public final class TopicWriter {
    /** One producer per broker for the JVM's life: starting one costs more than a send (and would weigh on benchmarks). */
    private static final Map<String, KafkaProducer<String, String>> PRODUCERS = new ConcurrentHashMap<>();

    /** Sends one structured CloudEvent ({@code data} is JSON text) and waits for the broker's ack. */
    public static void send(String bootstrap, String topic, String key, String eventId, String type, String subject, String data) {
        String value = "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"/salon/test\",\"type\":\"" + type
                + "\",\"subject\":\"" + subject + "\",\"time\":\"" + Instant.now() + "\",\"datacontenttype\":\"application/json\","
                + "\"data\":" + data + "}";
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, value);
        r.headers().add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
        try {
            PRODUCERS.computeIfAbsent(bootstrap, TopicWriter::producer).send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the producer of a broker that goes away with its test (it would keep looking for it). */
    public static void release(String bootstrap) {
        KafkaProducer<String, String> producer = PRODUCERS.remove(bootstrap);
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // one event at a time, each awaited: as signaling-service sends media requests
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 30_000); // a test's broker that stopped is tried seldom
        KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Runtime.getRuntime().addShutdownHook(new Thread(producer::close));
        return producer;
    }

    /** A directory user, as auth-service announces them on salon.users. */
    public static String user(String bootstrap, String displayName, boolean enabled) {
        String id = UUID.randomUUID().toString();
        user(bootstrap, id, displayName, enabled);
        return id;
    }

    public static void user(String bootstrap, String id, String displayName, boolean enabled) {
        send(bootstrap, "salon.users", id, UUID.randomUUID().toString(), "org.salon.user.changed", id,
                "{\"userId\":\"" + id + "\",\"login\":\"u" + id.substring(0, 8) + "\",\"displayName\":\"" + displayName
                        + "\",\"email\":null,\"enabled\":" + enabled + "}");
    }

    /**
     * A conversation as room-service announces it on salon.conversations: created (group, default settings), then
     * its participants, the first as owner; ids starting with "guest-" are guests.
     */
    public static void conversation(String bootstrap, String conversation, String... participants) {
        send(bootstrap, "salon.conversations", conversation, UUID.randomUUID().toString(), "org.salon.conversation.created",
                conversation, "{\"conversationId\":\"" + conversation + "\",\"name\":\"Test\",\"type\":\"group\",\"createdBy\":\""
                        + participants[0] + "\",\"createdAt\":\"" + Instant.now() + "\",\"settings\":{\"description\":\"\","
                        + "\"readOnly\":false,\"whoMayStartCall\":\"everyone\",\"defaultPermissions\":[\"start_call\",\"join_call\","
                        + "\"publish_audio\",\"publish_video\",\"share_screen\",\"chat\"]}}");
        for (int i = 0; i < participants.length; i++) {
            participant(bootstrap, conversation, participants[i], i == 0 ? "owner" : participants[i].startsWith("guest-") ? "guest" : "member");
        }
    }

    public static void participant(String bootstrap, String conversation, String participant, String role) {
        send(bootstrap, "salon.conversations", conversation, UUID.randomUUID().toString(), "org.salon.conversation.participant.added",
                conversation, "{\"conversationId\":\"" + conversation + "\",\"participantId\":\"" + participant + "\",\"kind\":\""
                        + ("guest".equals(role) ? "guest" : "user") + "\",\"role\":\"" + role + "\",\"displayName\":\"" + participant
                        + "\",\"addedBy\":\"" + participant + "\",\"permissions\":null,\"selfJoined\":false}");
    }

    private TopicWriter() {
    }
}
