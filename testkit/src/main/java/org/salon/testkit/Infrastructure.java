package org.salon.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real PostgreSQL, Kafka and Janus for tests, started and stopped by deploy/local's launcher
 * ({@code salon component start|stop|kill}) on free loopback ports, with data under the module's target/.
 * One instance per test JVM: Quarkus tests of a module share it.
 */
public final class Infrastructure {
    private static Infrastructure shared;

    private final Path root;
    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    private Infrastructure() {
        root = Path.of(System.getProperty("salon.root", "..")).toAbsolutePath().normalize();
        try {
            home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "salon-infra-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        env.put("SALON_HOME", home.toString());
        env.put("SALON_PG_PORT", String.valueOf(freePort()));
        env.put("SALON_KAFKA_PORT", String.valueOf(freePort()));
        env.put("SALON_KAFKA_CONTROLLER_PORT", String.valueOf(freePort()));
        env.put("SALON_KAFKA_HEAP", "384m");
        env.put("SALON_JANUS_WS_PORT", String.valueOf(freePort()));
        env.put("SALON_JANUS_ADMIN_PORT", String.valueOf(freePort()));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll));
    }

    public static synchronized Infrastructure shared() {
        if (shared == null) {
            shared = new Infrastructure();
        }
        return shared;
    }

    public void start(String component) {
        launcher("component", "start", component);
    }

    public void stop(String component) {
        launcher("component", "stop", component);
    }

    /** kill -9, as a crash would. */
    public void kill(String component) {
        launcher("component", "kill", component);
    }

    public String postgresJdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + env.get("SALON_PG_PORT") + "/salon_" + database;
    }

    public String postgresReactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + env.get("SALON_PG_PORT") + "/salon_" + database;
    }

    public String postgresPassword(String database) {
        return secret("db-" + database + "-password");
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + env.get("SALON_KAFKA_PORT");
    }

    public String janusUrl() {
        return "ws://127.0.0.1:" + env.get("SALON_JANUS_WS_PORT");
    }

    public String janusAdminUrl() {
        return "ws://127.0.0.1:" + env.get("SALON_JANUS_ADMIN_PORT");
    }

    public String secret(String name) {
        try {
            return Files.readString(home.resolve("data/secrets").resolve(name)).trim();
        } catch (IOException e) {
            throw new IllegalStateException("no secret " + name + " (is the component started?)", e);
        }
    }

    public Path logs() {
        return home.resolve("logs");
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

    private void launcher(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = root.resolve("deploy/local/salon").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("launcher.log").toFile()));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("launcher timed out: " + String.join(" ", args));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("launcher failed: " + String.join(" ", args) + "\n"
                        + Files.readString(home.resolve("launcher.log")));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
