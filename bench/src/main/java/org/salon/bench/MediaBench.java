package org.salon.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.HdrHistogram.Histogram;
import org.salon.testkit.Browser;
import org.salon.testkit.MediaNamespace;
import org.salon.testkit.MediaTopic;
import org.salon.testkit.ProcessCpu;
import org.salon.testkit.WebRtc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Media through media-gateway and a real Janus, with headless Chromiums, all media inside a network namespace of
 * the benchmark's own: the time from a session asking for the call's feeds (join) to its first decoded frame of
 * the publisher's camera, and Janus's CPU per forwarded stream with 1 publisher and N subscribers. Each measured
 * twice in the same run: through media-gateway, and direct to the same Janus ({@link DirectJanus}), the floor.
 * Arguments: kafkaBootstrap salonHome docFile [rounds] [subscriber counts, e.g. 1,5,10]. Starts media-gateway itself
 * (pointed at the namespace's Janus) through the launcher; PostgreSQL and Kafka run already.
 */
public final class MediaBench {
    private static final String CLOSE = """
            const done = arguments[arguments.length - 1];
            Object.values(window.subs || {}).forEach(pc => pc.close()); window.subs = {}; done('ok');""";
    private static final int GATEWAY = 0;
    private static final int DIRECT = 1;
    /** After a subscription ends, so its teardown in Janus lands in neither path's next measurement. */
    private static final long SETTLE_MS = 1000;

    /** One way for a session in bob's page to subscribe to its path's publisher; closing it leaves. */
    private interface Way {
        AutoCloseable subscribe(String name) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String kafka = args[0];
        Path home = Path.of(args[1]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int[] counts = args.length > 4 ? Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] { 1, 5, 10 };
        Path secrets = home.resolve("data/secrets");
        Files.createDirectories(secrets);
        String api = secret(secrets, "janus-api-secret");
        String admin = secret(secrets, "janus-admin-secret");
        Histogram[] joins = { Report.histogram(), Report.histogram() };
        double[][] cpu = new double[2][counts.length];
        double idle;
        try (MediaNamespace ns = new MediaNamespace().start(api, admin)) {
            launcher("start", Map.of("SALON_JANUS_NODES", "janus-1=" + ns.janusUrl()));
            try (MediaTopic call = new MediaTopic(kafka); Browser alice = new Browser(ns.driverUrl()).open(ns.localPage());
                    Browser carol = new Browser(ns.driverUrl()).open(ns.localPage());
                    Browser bob = new Browser(ns.driverUrl()).open(ns.localPage()); DirectJanus janus = new DirectJanus(ns.janusUrl(), api)) {
                // each path has its own publisher (media-gateway keeps its room's PIN to itself): alice through it, carol direct
                call.publishCamera(alice, "alice", "a1", 1);
                Floor floor = Floor.publish(janus, api, carol);
                Thread.sleep(2000); // both feeds live
                Way[] ways = new Way[2];
                ways[GATEWAY] = name -> {
                    call.subscribe(bob, "bob", name, name, 1);
                    return () -> call.request("bob", name, Map.of("kind", "leave"));
                };
                ways[DIRECT] = name -> {
                    long handle = floor.subscribe(bob, name);
                    return () -> janus.detach(handle);
                };
                // interleaved, so whatever else the machine does hits both paths alike
                for (int i = 0; i < rounds; i++) {
                    for (int way : new int[] { GATEWAY, DIRECT }) {
                        String name = "j" + way + "-" + i;
                        long asked = System.nanoTime();
                        AutoCloseable subscription = ways[way].subscribe(name);
                        firstFrame(bob, name);
                        joins[way].recordValue((System.nanoTime() - asked) / 1000);
                        subscription.close();
                        bob.run(CLOSE, Duration.ofSeconds(10));
                        Thread.sleep(SETTLE_MS);
                    }
                }
                // both publishers stay live throughout: what Janus spends on them alone is subtracted per stream
                Thread.sleep(3000);
                idle = janusCpu(ns);
                for (int k = 0; k < counts.length; k++) {
                    // the path going first alternates, so a drift over the run does not favour one
                    for (int way : k % 2 == 0 ? new int[] { GATEWAY, DIRECT } : new int[] { DIRECT, GATEWAY }) {
                        List<AutoCloseable> subscriptions = new ArrayList<>();
                        for (int s = 0; s < counts[k]; s++) {
                            String name = "c" + way + "-" + k + "-" + s;
                            subscriptions.add(ways[way].subscribe(name));
                            firstFrame(bob, name);
                        }
                        Thread.sleep(3000);
                        cpu[way][k] = janusCpu(ns);
                        for (AutoCloseable subscription : subscriptions) {
                            subscription.close();
                        }
                        bob.run(CLOSE, Duration.ofSeconds(10));
                        Thread.sleep(SETTLE_MS);
                    }
                }
            } finally {
                launcher("stop", Map.of());
            }
        }
        String body = """
                ## Media: join to first frame, Janus CPU per stream, through media-gateway and direct (media issue)

                | join to first decoded frame, %d joins each way, interleaved | p50 ms | p95 ms | max ms |
                |---|---|---|---|
                %s

                %s

                Janus with both publishers and no subscriber: %.1f %% of one core.

                A session joining a running call, and the time to its first decoded frame of a publisher's fake 640x480
                camera, two ways in turn. Through media-gateway: the session asks for the call's feeds (`subscribe` on
                salon.media), answers Janus's offer from headless Chromium (`answer` on salon.media). Direct to Janus (the
                floor): the benchmark speaks Janus's WebSocket API itself: a new VideoRoom handle, `join` as a subscriber
                of the feed, the same browser's answer with `start`. Each way has its own publisher, both live throughout
                (media-gateway keeps its room's PIN to itself): alice's camera through media-gateway, and a second
                Chromium's camera published straight into a room the benchmark creates with media-gateway's room settings
                (PIN, audio levels, vp8/h264, FIR every 10 s), so only the signaling path differs: the gateway's time
                includes Kafka both ways (the benchmark writes requests with one long-lived producer, as signaling-service does).
                Then 1 publisher and N subscribers of its camera+microphone feed for 15 s each way (which way goes first
                alternates), Janus's CPU from /proc; per stream: above Janus with both publishers alone, divided by the
                forwarded streams (audio and video to each subscriber). Every subscriber is a PeerConnection in one Chromium
                tab: three Chromiums in all, whatever N. Janus, the browsers and their media in a network namespace of the
                benchmark's own; media-gateway, Kafka and PostgreSQL on loopback; all on the same machine. Command:
                `bench/run media`.
                """.formatted(rounds, joinTable(joins), cpuTable(counts, cpu, idle), idle);
        Report.write(Path.of(args[2]), "media", body);
        System.out.println(body);
        System.exit(0);
    }

    private static String joinTable(Histogram[] joins) {
        StringBuilder rows = new StringBuilder();
        rows.append(row("through media-gateway", joins[GATEWAY])).append('\n').append(row("direct to Janus (floor)", joins[DIRECT]));
        rows.append("\n| difference |");
        for (double p : new double[] { 50, 95, 100 }) {
            rows.append(" %+.2f |".formatted((joins[GATEWAY].getValueAtPercentile(p) - joins[DIRECT].getValueAtPercentile(p)) / 1000.0));
        }
        return rows.toString();
    }

    private static String row(String name, Histogram h) {
        return "| %s | %s | %s | %s |".formatted(name, Report.millis(h, 50), Report.millis(h, 95), Report.millis(h, 100));
    }

    private static String cpuTable(int[] counts, double[][] cpu, double idle) {
        StringBuilder t = new StringBuilder("| Janus CPU % of one core over 15 s (per forwarded stream) |");
        for (int n : counts) {
            t.append(" %d subscriber%s, %d streams |".formatted(n, n == 1 ? "" : "s", 2 * n));
        }
        t.append("\n|---|").append("---|".repeat(counts.length));
        String[] names = { "through media-gateway", "direct to Janus (floor)" };
        for (int way : new int[] { GATEWAY, DIRECT }) {
            t.append("\n| ").append(names[way]).append(" |");
            for (int k = 0; k < counts.length; k++) {
                t.append(" %.1f (%.2f) |".formatted(cpu[way][k], perStream(cpu[way][k], idle, counts[k])));
            }
        }
        t.append("\n| difference |");
        for (int k = 0; k < counts.length; k++) {
            t.append(" %+.1f (%+.2f) |".formatted(cpu[GATEWAY][k] - cpu[DIRECT][k],
                    perStream(cpu[GATEWAY][k], idle, counts[k]) - perStream(cpu[DIRECT][k], idle, counts[k])));
        }
        t.append("\n| ratio per stream, gateway / direct |");
        for (int k = 0; k < counts.length; k++) {
            double direct = perStream(cpu[DIRECT][k], idle, counts[k]);
            t.append(direct > 0 ? " %.2f |".formatted(perStream(cpu[GATEWAY][k], idle, counts[k]) / direct) : " n/a |");
        }
        return t.toString();
    }

    /** Audio and video of one camera to each subscriber. */
    private static double perStream(double percent, double idle, int subscribers) {
        return (percent - idle) / (2 * subscribers);
    }

    /** Janus's CPU over the next 15 s, in % of one core. */
    private static double janusCpu(MediaNamespace ns) throws InterruptedException {
        long ticks = ns.janusCpuTicks();
        long from = System.nanoTime();
        Thread.sleep(15_000);
        return (ns.janusCpuTicks() - ticks) / ProcessCpu.TICKS_PER_SECOND / ((System.nanoTime() - from) / 1e9) * 100;
    }

    private static void firstFrame(Browser bob, String name) {
        if (WebRtc.awaitFrames(bob, name, 1, 0).path("frames").asInt() == 0) {
            throw new IllegalStateException(name + ": no frame decoded");
        }
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

    /** The floor's publisher in a room of its own on the same Janus, with {@link DirectJanus#FLOOR_ROOM}'s settings. */
    private record Floor(DirectJanus janus, long room, String pin, long feed) {
        static Floor publish(DirectJanus janus, String apiSecret, Browser publisher) throws Exception {
            String pin = UUID.randomUUID().toString();
            Map<String, Object> create = new java.util.HashMap<>(DirectJanus.FLOOR_ROOM);
            create.putAll(Map.of("request", "create", "admin_key", apiSecret, "pin", pin));
            long room = janus.message(janus.attach(), create, null, null).at("/plugindata/data/room").asLong();
            String offer = WebRtc.publishCamera(publisher, false);
            JsonNode joined = janus.message(janus.attach(), Map.of("request", "joinandconfigure", "ptype", "publisher", "room", room,
                    "pin", pin, "display", "floor camera"), "offer", offer);
            WebRtc.accept(publisher, "pc", joined.at("/jsep/sdp").asText());
            return new Floor(janus, room, pin, joined.at("/plugindata/data/id").asLong());
        }

        /** A new subscriber handle on the publisher's feed, answered by {@code window.subs[name]}; the handle. */
        long subscribe(Browser bob, String name) throws Exception {
            long handle = janus.attach();
            JsonNode offer = janus.message(handle, Map.of("request", "join", "ptype", "subscriber", "room", room, "pin", pin,
                    "use_msid", true, "streams", List.of(Map.of("feed", feed))), null, null);
            janus.message(handle, Map.of("request", "start"), "answer", WebRtc.subscribe(bob, name, offer.at("/jsep/sdp").asText()));
            return handle;
        }
    }

    private MediaBench() {
    }
}
