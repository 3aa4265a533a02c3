package org.salon.testkit;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: the service's own database on a real PostgreSQL and a real Kafka broker, and
 * quarkus-oidc trusting {@link TestTokens}. Init args: {@code database}, the service's database (auth, room,
 * chat, signaling, media); {@code tokens=own} leaves the service's own OIDC settings alone (auth-service).
 */
public class PostgresKafkaResource implements QuarkusTestResourceLifecycleManager {
    private String database;
    private boolean testTokens;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "room");
        testTokens = !"own".equals(initArgs.get("tokens"));
    }

    @Override
    public Map<String, String> start() {
        Infrastructure infra = Infrastructure.shared();
        infra.start("postgres");
        infra.start("kafka");
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.datasource.reactive.url", infra.postgresReactiveUrl(database),
                "quarkus.datasource.jdbc.url", infra.postgresJdbcUrl(database),
                "quarkus.datasource.password", infra.postgresPassword(database),
                "kafka.bootstrap.servers", infra.kafkaBootstrap()));
        if (testTokens) {
            config.put("quarkus.oidc.auth-server-url", "");
            config.put("quarkus.oidc.public-key", TestTokens.publicKey());
            config.put("quarkus.oidc.token.issuer", TestTokens.ISSUER);
        }
        return config;
    }

    @Override
    public void stop() {
        // the shared infrastructure stops when the test JVM exits
    }
}
