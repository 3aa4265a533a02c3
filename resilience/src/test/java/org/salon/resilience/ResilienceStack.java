package org.salon.resilience;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.salon.testkit.Launcher;
import org.salon.testkit.MediaNamespace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one stack every resilience test shares (started once, stopped when the JVM ends): the launcher's whole suite
 * on loopback, with the ways in that the tests need: each service's own port, tokens, each database and Kafka.
 */
final class ResilienceStack {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Each service, the launcher's port variable for it and its database. */
    static final Map<String, String> PORTS = Map.of("auth", "SALON_AUTH_PORT", "room", "SALON_ROOM_PORT", "chat", "SALON_CHAT_PORT",
            "media", "SALON_MEDIA_PORT", "signaling", "SALON_SIGNALING_PORT");
    /** The services with a REST API (signaling-service's own database also beats with its instances' heartbeats). */
    static final List<String> FUZZED = List.of("auth", "room", "chat", "media");
    /** Tables that change without a request writing them: migrations, the outbox the relay empties, failed logins. */
    private static final List<String> UNWATCHED = List.of("flyway_schema_history", "outbox", "failed_attempt");

    private static ResilienceStack shared;

    final Launcher launcher;
    private final MediaNamespace media;
    /** What the tests are doing to the stack now (which part is down), said with every problem a client records. */
    private volatile String moment = "no fault yet";
    private final long born = System.nanoTime();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Connection> databases = new HashMap<>();
    private final Map<String, String> fingerprintQueries = new HashMap<>();
    private KafkaConsumer<String, String> offsets;
    private boolean stopped;

    static synchronized ResilienceStack shared() {
        if (shared == null) {
            shared = new ResilienceStack();
            // the test plan's end stops it (StackStopper); the hook is for a run cut short
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** Stops the shared stack, if one was started. */
    static synchronized void stopShared() {
        if (shared != null) {
            shared.stop();
        }
    }

    private ResilienceStack() {
        // two signaling instances, as where it runs twice: FaultsIT kills one of them
        launcher = new Launcher("salon-resilience-").set("SALON_SKIP_BUILD", "1").freeStackPorts()
                .set("SALON_SIGNALING_EXTRA_PORTS", String.valueOf(Launcher.freePort()))
                // services' own tokens expire every few seconds here: ServiceTokenExpiryIT, and every test, cross many expiries
                .set("SALON_AUTH_SERVICE_TOKEN_LIFETIME", ServiceTokenExpiryIT.LIFETIME.toSeconds() + "s");
        if ("root".equals(System.getProperty("user.name"))) {
            // calls: two Janus nodes and the browsers in a network namespace of the tests' own (shared/notes/media.md)
            String api = UUID.randomUUID().toString();
            String admin = UUID.randomUUID().toString();
            media = new MediaNamespace().start(api, admin);
            media.startJanus();
            launcher.secret("janus-api-secret", api).secret("janus-admin-secret", admin)
                    .set("SALON_JANUS_NODES", "janus-1=" + media.janusUrl(0) + ",janus-2=" + media.janusUrl(1));
        } else {
            media = null;
        }
        launcher.require(300, "start");
    }

    /** From now on, problems are recorded as happening while {@code what}. */
    void now(String what) {
        moment = what;
    }

    /** When a problem happens: since the stack started, and what was being done to it. */
    String moment() {
        return "[" + Math.round((System.nanoTime() - born) / 1e8) / 10.0 + " s, " + moment + "]";
    }

    /** The services' log lines that contain {@code text}, each with the line after it (an exception's message). */
    List<String> logged(String text) {
        List<String> found = new ArrayList<>();
        try (var logs = java.nio.file.Files.list(java.nio.file.Path.of(launcher.get("SALON_HOME"), "logs"))) {
            for (java.nio.file.Path log : logs.sorted().toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(text)) {
                        found.add(log.getFileName() + ": " + lines.get(i) + (i + 1 < lines.size() ? " / " + lines.get(i + 1) : ""));
                    }
                }
            }
        } catch (java.io.IOException e) {
            found.add("logs not readable: " + e);
        }
        return found;
    }

    /** Where calls' media flows (two Janus nodes, the browsers), or null where no namespace can be made (not root). */
    MediaNamespace media() {
        return media;
    }

    String gateway() {
        return "http://127.0.0.1:" + launcher.get("SALON_GATEWAY_PORT");
    }

    /** A service's own address (the gateway does not route /q). */
    String service(String name) {
        return "http://127.0.0.1:" + launcher.get(PORTS.get(name));
    }

    /**
     * What each instance's readiness says, asked all at once: UP, DOWN, no answer (within 5 s; a check of a part that
     * is away takes 2 s to say DOWN) or unreachable (the connection refused). An instance is a service's short name or signaling-service-2.
     */
    Map<String, String> readiness(List<String> instances) {
        Map<String, java.util.concurrent.CompletableFuture<String>> asked = new java.util.LinkedHashMap<>();
        for (String instance : instances) {
            String port = instance.equals("signaling-service-2") ? launcher.get("SALON_SIGNALING_EXTRA_PORTS") : launcher.get(PORTS.get(instance));
            asked.put(instance, http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                    .thenApply(r -> r.statusCode() == 200 ? "UP" : r.statusCode() == 503 ? "DOWN" : "answered " + r.statusCode())
                    .exceptionally(e -> e.getCause() instanceof java.net.http.HttpTimeoutException ? "no answer" : "unreachable"));
        }
        Map<String, String> said = new java.util.LinkedHashMap<>();
        asked.forEach((instance, answer) -> said.put(instance, answer.join()));
        return said;
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + launcher.get("SALON_KAFKA_PORT");
    }

    /** A demo user's access and refresh tokens (alice is an administrator). */
    JsonNode login(String user) {
        return token("grant_type=password&client_id=salon-web&username=" + user + "&password=" + launcher.secret("demo-password"));
    }

    /** room-service's own token, the only caller allowed to mint guest tokens. */
    String serviceToken() {
        return token("grant_type=client_credentials&client_id=room-service&client_secret=" + launcher.secret("room-service-client-secret"))
                .path("access_token").asText();
    }

    private JsonNode token(String form) {
        return send(HttpRequest.newBuilder(URI.create(service("auth") + "/api/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)), 200);
    }

    /** Sends and parses the answer, which must have {@code status} (if not negative). */
    JsonNode send(HttpRequest.Builder request, int status) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (status >= 0 && r.statusCode() != status) {
                throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status a GET of a service's OpenAPI-free probe path answers {@code token} with (a path every service guards). */
    int status(String token, String service) {
        String path = Map.of("auth", "/api/auth/me", "room", "/api/room/conversations", "chat", "/api/chat/search?q=x",
                "media", "/api/media/nodes").get(service);
        try {
            return http.send(HttpRequest.newBuilder(URI.create(service(service) + path)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON request, with a bearer token unless null, to a service's own port. */
    JsonNode call(String token, String method, String service, String path, String body, int status) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service(service) + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b, status);
    }

    /**
     * What a service has stored, in one digest: every table's rows but those in {@link #UNWATCHED}, and how many
     * events wait in its outbox. Equal before and after a request means the request wrote nothing.
     */
    synchronized String fingerprint(String service) {
        try {
            Connection db = database(service);
            String query = fingerprintQueries.computeIfAbsent(service, s -> tablesDigest(db));
            try (Statement st = db.createStatement(); ResultSet r = st.executeQuery(query)) {
                r.next();
                return r.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tablesDigest(Connection db) {
        List<String> tables = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet r = st.executeQuery(
                "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1")) {
            while (r.next()) {
                if (!UNWATCHED.contains(r.getString(1))) {
                    tables.add(r.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return "select md5(" + tables.stream().map(t -> "coalesce((select md5(string_agg(x::text, ',' order by x::text)) from " + t + " x), '')")
                .collect(Collectors.joining(" || ")) + ") || '/' || (select count(*) from outbox)";
    }

    /** A connection to a service's database (a new one after PostgreSQL restarted). */
    synchronized Connection database(String service) {
        try {
            Connection c = databases.get(service);
            if (c == null || !c.isValid(2)) {
                c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + launcher.get("SALON_PG_PORT") + "/salon_" + service,
                        "salon_" + service, launcher.secret("db-" + service + "-password"));
                databases.put(service, c);
            }
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until nothing moves in the whole suite: every outbox empty, and every database and topic unchanged for
     * half a second (what earlier requests set off has gone through Kafka and every consumer).
     */
    void quiet() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            List<String> stored = FUZZED.stream().map(this::fingerprint).toList();
            String now = stored + " events " + eventsPublished();
            if (now.equals(last) && stored.stream().allMatch(f -> f.endsWith("/0"))) {
                return;
            }
            last = now;
            Fixtures.sleep(500);
        }
        throw new IllegalStateException("the suite did not settle in 30 s: " + last);
    }

    /** A service's stored state and every topic's event count. */
    String state(String service) {
        return fingerprint(service) + " events " + eventsPublished();
    }

    /** How many events every topic holds: unchanged means nothing was published. */
    synchronized long eventsPublished() {
        if (offsets == null) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "resilience-" + UUID.randomUUID());
            offsets = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        }
        List<TopicPartition> partitions = offsets.listTopics().values().stream().flatMap(List::stream)
                .filter(p -> !p.topic().startsWith("__")).map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        offsets.assign(partitions);
        return offsets.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        databases.values().forEach(c -> {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the stack goes next
            }
        });
        if (offsets != null) {
            offsets.close();
        }
        launcher.run(Map.of(), 120, "stop");
        if (media != null) {
            media.close();
        }
    }
}
