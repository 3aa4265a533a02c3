package org.salon.platform.health;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the Kafka cluster answers. Unlike quarkus-kafka-client's check, which waits for the
 * admin client's 60 s default, this one answers within two seconds, so a probe sees an outage while it lasts.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {
    private static final int TIMEOUT_MS = 2000;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile Admin admin;

    @Override
    public HealthCheckResponse call() {
        try {
            Collection<Node> nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named("Kafka cluster").up()
                    .withData("brokers", nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(",")))
                    .build();
        } catch (Exception e) {
            return HealthCheckResponse.named("Kafka cluster").down().withData("reason", String.valueOf(e.getMessage())).build();
        }
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            AdminClientConfig.CLIENT_ID_CONFIG, "readiness",
                            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
                }
            }
        }
        return admin;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }
}
