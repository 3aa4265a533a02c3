package org.salon.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.HdrHistogram.Histogram;
import org.salon.testkit.Browser;
import org.salon.testkit.MediaNamespace;
import org.salon.testkit.MediaTopic;
import org.salon.testkit.WebRtc;

/**
 * Media through media-gateway and a real Janus, with headless Chromiums, all media inside a network namespace of
 * the benchmark's own: the time from a session asking for the call's feeds (join) to its first decoded frame of
 * the publisher's camera, and Janus's CPU per forwarded stream with 1 publisher and N subscribers.
 * Arguments: kafkaBootstrap salonHome docFile [rounds]. Starts media-gateway itself (pointed at the namespace's
 * Janus) through the launcher; PostgreSQL and Kafka run already.
 */
public final class MediaBench {
    private static final String FIRST_FRAME = """
            const done = arguments[arguments.length - 1];
            const pc = window.subs[arguments[0]];
            const deadline = Date.now() + 20000;
            (async function poll() {
              const stats = await pc.getStats();
              let frames = 0;
              stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded || 0; });
              if (frames > 0 || Date.now() > deadline) { done(frames); return; }
              setTimeout(poll, 20);
            })();""";
    private static final String CLOSE = """
            const done = arguments[arguments.length - 1];
            Object.values(window.subs || {}).forEach(pc => pc.close()); window.subs = {}; done('ok');""";

    public static void main(String[] args) throws Exception {
        String kafka = args[0];
        Path home = Path.of(args[1]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Path secrets = home.resolve("data/secrets");
        Files.createDirectories(secrets);
        String api = secret(secrets, "janus-api-secret");
        String admin = secret(secrets, "janus-admin-secret");
        Histogram join = Report.histogram();
        List<String> cpuRows = new ArrayList<>();
        try (MediaNamespace ns = new MediaNamespace().start(api, admin)) {
            launcher("start", Map.of("SALON_JANUS_NODES", "janus-1=" + ns.janusUrl()));
            try (MediaTopic call = new MediaTopic(kafka); Browser alice = new Browser(ns.driverUrl()).open(ns.localPage());
                    Browser bob = new Browser(ns.driverUrl()).open(ns.localPage())) {
                call.request("alice", "a1", Map.of("kind", "publish", "feed", "camera", "sdp", WebRtc.publishCamera(alice, false)));
                WebRtc.accept(alice, "pc", call.signal("a1", "answer", 1).path("sdp").asText());
                Thread.sleep(2000); // alice's feed live
                for (int i = 0; i < rounds; i++) {
                    String session = "j" + i;
                    long asked = System.nanoTime();
                    subscribe(call, bob, session);
                    if (bob.run(FIRST_FRAME, Duration.ofSeconds(30), session).asInt() == 0) {
                        throw new IllegalStateException("round " + i + ": no frame decoded");
                    }
                    join.recordValue((System.nanoTime() - asked) / 1000);
                    call.request("bob", session, Map.of("kind", "leave"));
                    bob.run(CLOSE, Duration.ofSeconds(10));
                }
                // Janus's CPU with 1 publisher and N subscribers, 15 s each
                int subscribed = 0;
                for (int n : new int[] { 1, 2, 4 }) {
                    for (; subscribed < n; subscribed++) {
                        String session = "s" + subscribed;
                        subscribe(call, bob, session);
                        bob.run(FIRST_FRAME, Duration.ofSeconds(30), session);
                    }
                    Thread.sleep(3000);
                    long before = ns.janusCpuTicks();
                    Thread.sleep(15_000);
                    double percent = (ns.janusCpuTicks() - before) / 100.0 / 15 * 100; // USER_HZ 100
                    int streams = 2 * n; // audio and video of one camera to each subscriber
                    cpuRows.add("| %d | %d | %.1f | %.2f |".formatted(n, streams, percent, percent / streams));
                }
            } finally {
                launcher("stop", Map.of());
            }
        }
        String body = """
                ## Media: join to first frame, Janus CPU per stream (media issue)

                | join to first decoded frame, %d joins | p50 ms | p95 ms | max ms |
                |---|---|---|---|
                | subscribe → offer → answer → first frame of the publisher's camera | %s | %s | %s |

                | subscribers | forwarded streams | Janus CPU %% of one core | per stream |
                |---|---|---|---|
                %s

                A session joining a running call asks media-gateway for the call's feeds (`subscribe` on salon.media), answers
                Janus's offer from headless Chromium, and the time runs to its first decoded frame of the publisher's fake
                640x480 camera. Then 1, 2 and 4 subscribers of that one camera+microphone feed for 15 s each, Janus's CPU
                from /proc. Janus, the browsers and their media in a network namespace of the benchmark's own;
                media-gateway, Kafka and PostgreSQL on loopback; all on the same machine. Command: `bench/run media`.
                """.formatted(rounds, Report.millis(join, 50), Report.millis(join, 95), Report.millis(join, 100),
                String.join("\n", cpuRows));
        Report.write(Path.of(args[2]), "media", body);
        System.out.println(body);
        System.exit(0);
    }

    private static String secret(Path secrets, String name) throws Exception {
        Path file = secrets.resolve(name);
        if (!Files.exists(file)) {
            Files.writeString(file, UUID.randomUUID().toString().replace("-", ""));
        }
        return Files.readString(file).strip();
    }

    private static void launcher(String action, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("salon.root")).resolve("deploy/local/salon").toString(), "component", action,
                "media-gateway").inheritIO();
        pb.environment().putAll(env);
        if (pb.start().waitFor() != 0 && action.equals("start")) {
            throw new IllegalStateException("media-gateway did not start");
        }
    }

    /** A session of bob's asks for the call's feeds and answers Janus's offer. */
    private static void subscribe(MediaTopic call, Browser bob, String session) throws Exception {
        call.request("bob", session, Map.of("kind", "subscribe"));
        call.request("bob", session, Map.of("kind", "answer", "sdp",
                WebRtc.subscribe(bob, session, call.signal(session, "offer", 1).path("sdp").asText())));
    }

    private MediaBench() {
    }
}
