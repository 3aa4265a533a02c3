package org.salon.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs deploy/local's launcher with a data folder under the module's target/ and settings in its environment. */
public final class Launcher {
    private final Path root;
    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    public record Result(int exitCode, String output) {
    }

    public Launcher(String prefix) {
        root = Path.of(System.getProperty("salon.root", "..")).toAbsolutePath().normalize();
        try {
            home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        env.put("SALON_HOME", home.toString());
    }

    /** Sets SALON_&lt;name&gt;_PORT to a free loopback port. */
    public Launcher freePort(String name) {
        env.put("SALON_" + name + "_PORT", String.valueOf(freePort()));
        return this;
    }

    /** Free ports for every server of the whole stack (gateway, services, PostgreSQL, Kafka, Janus). */
    public Launcher freeStackPorts() {
        for (String port : new String[] { "GATEWAY", "AUTH", "ROOM", "CHAT", "SIGNALING", "MEDIA", "PG", "KAFKA", "KAFKA_CONTROLLER",
                "JANUS_WS", "JANUS_ADMIN" }) {
            freePort(port);
        }
        return this;
    }

    public Launcher set(String variable, String value) {
        env.put(variable, value);
        return this;
    }

    public String get(String variable) {
        return env.get(variable);
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public Path home() {
        return home;
    }

    public String secret(String name) {
        try {
            return Files.readString(home.resolve("data/secrets").resolve(name)).trim();
        } catch (IOException e) {
            throw new IllegalStateException("no secret " + name + " (is the component started?)", e);
        }
    }

    /** Gives this stack a secret of the caller's (e.g. another stack's Janus secrets, so one media-gateway drives both). */
    public Launcher secret(String name, String value) {
        try {
            Files.createDirectories(home.resolve("data/secrets"));
            Files.writeString(home.resolve("data/secrets").resolve(name), value);
        } catch (IOException e) {
            throw new IllegalStateException("secret " + name + " not written", e);
        }
        return this;
    }

    public Result run(Map<String, String> extraEnv, int timeoutSeconds, String... args) {
        return execute(new String[0], extraEnv, timeoutSeconds, args);
    }

    /** Runs the launcher inside a network namespace ({@code ip netns exec}). */
    public Result runIn(String namespace, int timeoutSeconds, String... args) {
        return execute(new String[] { "ip", "netns", "exec", namespace }, Map.of(), timeoutSeconds, args);
    }

    private Result execute(String[] prefix, Map<String, String> extraEnv, int timeoutSeconds, String... args) {
        String[] command = new String[prefix.length + args.length + 1];
        System.arraycopy(prefix, 0, command, 0, prefix.length);
        command[prefix.length] = root.resolve("deploy/local/salon").toString();
        System.arraycopy(args, 0, command, prefix.length + 1, args.length);
        Path output = home.resolve("launcher-" + System.nanoTime() + ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(env);
        pb.environment().putAll(extraEnv);
        try {
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("launcher timed out: " + String.join(" ", args) + "\n" + Files.readString(output));
            }
            return new Result(p.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs and fails with the launcher's output unless it succeeded. */
    public Result require(int timeoutSeconds, String... args) {
        Result r = run(Map.of(), timeoutSeconds, args);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("launcher failed: " + String.join(" ", args) + "\n" + r.output());
        }
        return r;
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A free loopback port outside the kernel's ephemeral range (32768-60999 here): a port picked there can be
     * taken by an outgoing connection before the server that needs it starts. Not in Janus's media ports either.
     */
    public static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = random.nextInt(21_000, 32_000);
            if (!HANDED_OUT.add(port)) {
                continue; // given to a server of this JVM that may not have started yet
            }
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 21000 and 32000");
    }
}
