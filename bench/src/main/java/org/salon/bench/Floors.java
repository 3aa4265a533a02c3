package org.salon.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the hardware allows, measured beside Salon: one Kafka hop and one PostgreSQL commit. */
final class Floors {

    /** Produce (acks=all, no linger) to a topic of the same broker, delivered when one consumer polls it. */
    static final class KafkaHop implements Fanout.Target {
        private final KafkaProducer<String, String> producer;
        private final KafkaConsumer<String, String> consumer;
        private final Thread polling;
        private final String topic = "bench.floor." + System.currentTimeMillis();
        private volatile boolean running = true;

        KafkaHop(String bootstrap, Fanout fanout) throws Exception {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("acks", "all");
            p.put("linger.ms", "0");
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
            Properties c = new Properties();
            c.put("bootstrap.servers", bootstrap);
            c.put("group.id", topic);
            c.put("auto.offset.reset", "earliest");
            consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            polling = new Thread(() -> {
                while (running) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        fanout.delivered(r.value(), System.nanoTime());
                    }
                }
                consumer.close();
            }, "kafka-floor");
            polling.start();
        }

        @Override
        public String name() {
            return "Kafka produce → consume";
        }

        @Override
        public int receivers() {
            return 1;
        }

        @Override
        public CompletableFuture<?> send(String key) {
            CompletableFuture<Object> acked = new CompletableFuture<>();
            producer.send(new ProducerRecord<>(topic, key, key), (metadata, e) -> {
                if (e == null) {
                    acked.complete(metadata);
                } else {
                    acked.completeExceptionally(e);
                }
            });
            return acked;
        }

        @Override
        public void close() throws Exception {
            running = false;
            polling.join();
            producer.close();
        }
    }

    /** One row inserted and committed (as chat-service's post commits its message and outbox row), one at a time. */
    static final class Commit implements Fanout.Target {
        private final Connection connection;
        private final PreparedStatement insert;
        private final ExecutorService committing = Executors.newSingleThreadExecutor();
        private final Fanout fanout;

        Commit(String jdbcUrl, String user, String password, Fanout fanout) throws Exception {
            this.fanout = fanout;
            connection = DriverManager.getConnection(jdbcUrl, user, password);
            try (Statement s = connection.createStatement()) {
                s.execute("create table if not exists bench_commit_floor (id bigserial primary key, body text not null)");
            }
            insert = connection.prepareStatement("insert into bench_commit_floor (body) values (?)");
        }

        @Override
        public String name() {
            return "PostgreSQL commit";
        }

        @Override
        public int receivers() {
            return 1;
        }

        @Override
        public CompletableFuture<?> send(String key) {
            return CompletableFuture.runAsync(() -> {
                try {
                    insert.setString(1, key);
                    insert.executeUpdate();
                    fanout.delivered(key, System.nanoTime());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, committing);
        }

        @Override
        public void close() throws Exception {
            committing.shutdown();
            try (Statement s = connection.createStatement()) {
                s.execute("drop table bench_commit_floor");
            }
            connection.close();
        }
    }

    private Floors() {
    }
}
