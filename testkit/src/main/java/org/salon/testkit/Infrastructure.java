package org.salon.testkit;

/**
 * Real PostgreSQL, Kafka and Janus for tests, started and stopped by deploy/local's launcher
 * ({@code salon component start|stop|kill}) on free loopback ports, with data under the module's target/.
 * One instance per test JVM: Quarkus tests of a module share it.
 */
public final class Infrastructure {
    private static Infrastructure shared;

    private final Launcher launcher = new Launcher("salon-infra-");

    private Infrastructure() {
        for (String port : new String[] { "PG", "KAFKA", "KAFKA_CONTROLLER", "JANUS_WS", "JANUS_ADMIN" }) {
            launcher.freePort(port);
        }
        launcher.set("SALON_KAFKA_HEAP", "384m");
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll));
    }

    public static synchronized Infrastructure shared() {
        if (shared == null) {
            shared = new Infrastructure();
        }
        return shared;
    }

    public void start(String component) {
        launcher.require(180, "component", "start", component);
    }

    public void stop(String component) {
        launcher.require(60, "component", "stop", component);
    }

    /** kill -9, as a crash would. */
    public void kill(String component) {
        launcher.require(60, "component", "kill", component);
    }

    public String postgresJdbcUrl(String database) {
        return "jdbc:" + postgresReactiveUrl(database);
    }

    public String postgresReactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + launcher.get("SALON_PG_PORT") + "/salon_" + database;
    }

    public String postgresPassword(String database) {
        return secret("db-" + database + "-password");
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + launcher.get("SALON_KAFKA_PORT");
    }

    public String janusUrl() {
        return "ws://127.0.0.1:" + launcher.get("SALON_JANUS_WS_PORT");
    }

    /** Janus's admin API (WebSocket, subprotocol janus-admin-protocol), secret {@code janus-admin-secret}. */
    public String janusAdminUrl() {
        return "ws://127.0.0.1:" + launcher.get("SALON_JANUS_ADMIN_PORT");
    }

    public String secret(String name) {
        return launcher.secret(name);
    }

    private void stopAll() {
        for (String c : new String[] { "janus", "kafka", "postgres" }) {
            try {
                stop(c);
            } catch (RuntimeException e) {
                System.err.println("stopping " + c + ": " + e.getMessage());
            }
        }
    }
}
