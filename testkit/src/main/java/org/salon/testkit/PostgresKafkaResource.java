package org.salon.testkit;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: the service's own database on a real PostgreSQL and a real Kafka broker.
 * Init arg {@code database}: the service's database (auth, room, chat, signaling, media).
 */
public class PostgresKafkaResource implements QuarkusTestResourceLifecycleManager {
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "room");
    }

    @Override
    public Map<String, String> start() {
        Infrastructure infra = Infrastructure.shared();
        infra.start("postgres");
        infra.start("kafka");
        return Map.of(
                "quarkus.datasource.reactive.url", infra.postgresReactiveUrl(database),
                "quarkus.datasource.jdbc.url", infra.postgresJdbcUrl(database),
                "quarkus.datasource.password", infra.postgresPassword(database),
                "kafka.bootstrap.servers", infra.kafkaBootstrap());
    }

    @Override
    public void stop() {
        // the shared infrastructure stops when the test JVM exits
    }
}
