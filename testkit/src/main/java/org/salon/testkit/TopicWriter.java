package org.salon.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes CloudEvents to a topic as another service would, for a consumer under test. */
public final class TopicWriter {

    /** Sends one structured CloudEvent ({@code data} is JSON text) and waits for the broker's ack. */
    public static void send(String bootstrap, String topic, String key, String eventId, String type, String subject, String data) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        String value = "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"/salon/test\",\"type\":\"" + type
                + "\",\"subject\":\"" + subject + "\",\"time\":\"" + Instant.now() + "\",\"datacontenttype\":\"application/json\","
                + "\"data\":" + data + "}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, value);
            r.headers().add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
            producer.send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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

    private TopicWriter() {
    }
}
