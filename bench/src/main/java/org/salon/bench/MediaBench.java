package org.salon.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.HdrHistogram.Histogram;
import org.salon.testkit.Browser;
import org.salon.testkit.MediaNamespace;
import org.salon.testkit.TopicReader;
import org.salon.testkit.TopicWriter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Media through media-gateway and a real Janus, with headless Chromiums, all media inside a network namespace of
 * the benchmark's own: the time from a session asking for the call's feeds (join) to its first decoded frame of
 * the publisher's camera, and Janus's CPU per forwarded stream with 1 publisher and N subscribers.
 * Arguments: kafkaBootstrap salonHome docFile [rounds]. Starts media-gateway itself (pointed at the namespace's
 * Janus) through the launcher; PostgreSQL and Kafka run already.
 */
public final class MediaBench {
    private static final String GATHERED = """
            await new Promise(r => { if (pc.iceGatheringState === 'complete') { r(); return; }
              pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') r(); });
              setTimeout(r, 5000); });""";
    private static final String PUBLISH = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const stream = await navigator.mediaDevices.getUserMedia({audio: true, video: true});
              const pc = new RTCPeerConnection(); window.pc = pc;
              stream.getTracks().forEach(t => pc.addTrack(t, stream));
              await pc.setLocalDescription(await pc.createOffer());
              """ + GATHERED + """
              done(pc.localDescription.sdp);
            })().catch(e => done('ERROR ' + e));""";
    private static final String ANSWERED = """
            const done = arguments[arguments.length - 1];
            window.pc.setRemoteDescription({type: 'answer', sdp: arguments[0]}).then(() => done('ok'), e => done('ERROR ' + e));""";
    /** A subscription of its own in the page ({@code arguments[1]} names it): answers Janus's offer. */
    private static final String SUBSCRIBE = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const pc = new RTCPeerConnection(); window.subs = window.subs || {}; window.subs[arguments[1]] = pc;
              await pc.setRemoteDescription({type: 'offer', sdp: arguments[0]});
              await pc.setLocalDescription(await pc.createAnswer());
              """ + GATHERED + """
              done(pc.localDescription.sdp);
            })().catch(e => done('ERROR ' + e));""";
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
            try (TopicReader media = new TopicReader(kafka, "salon.media"); Browser alice = new Browser(ns.driverUrl()).open(ns.localPage());
                    Browser bob = new Browser(ns.driverUrl()).open(ns.localPage())) {
                String conversation = UUID.randomUUID().toString();
                String offer = alice.run(PUBLISH, Duration.ofSeconds(30)).asText();
                request(kafka, conversation, "a1", Map.of("kind", "publish", "feed", "camera", "sdp", offer));
                alice.run(ANSWERED, Duration.ofSeconds(10), signal(media, conversation, "a1", "answer").path("sdp").asText());
                Thread.sleep(2000); // alice's feed live
                for (int i = 0; i < rounds; i++) {
                    String session = "j" + i;
                    long asked = System.nanoTime();
                    request(kafka, conversation, session, Map.of("kind", "subscribe"));
                    String answer = bob.run(SUBSCRIBE, Duration.ofSeconds(30), signal(media, conversation, session, "offer").path("sdp").asText(),
                            session).asText();
                    request(kafka, conversation, session, Map.of("kind", "answer", "sdp", answer));
                    if (bob.run(FIRST_FRAME, Duration.ofSeconds(30), session).asInt() == 0) {
                        throw new IllegalStateException("round " + i + ": no frame decoded");
                    }
                    join.recordValue((System.nanoTime() - asked) / 1000);
                    request(kafka, conversation, session, Map.of("kind", "leave"));
                    bob.run(CLOSE, Duration.ofSeconds(10));
                }
                // Janus's CPU with 1 publisher and N subscribers, 15 s each
                int subscribed = 0;
                for (int n : new int[] { 1, 2, 4 }) {
                    for (; subscribed < n; subscribed++) {
                        String session = "s" + subscribed;
                        request(kafka, conversation, session, Map.of("kind", "subscribe"));
                        String answer = bob.run(SUBSCRIBE, Duration.ofSeconds(30), signal(media, conversation, session, "offer").path("sdp").asText(),
                                session).asText();
                        request(kafka, conversation, session, Map.of("kind", "answer", "sdp", answer));
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

    private static void request(String kafka, String conversation, String session, Map<String, Object> fields) throws Exception {
        Map<String, Object> data = new HashMap<>(fields);
        data.put("conversationId", conversation);
        data.put("participantId", session.startsWith("a") ? "alice" : "bob-" + session);
        data.put("session", session);
        data.put("instance", "bench");
        data.put("at", "2026-12-05T00:00:00Z");
        TopicWriter.send(kafka, "salon.media", conversation, UUID.randomUUID().toString(), "org.salon.media.request", conversation,
                Salon.JSON.writeValueAsString(data));
    }

    private static JsonNode signal(TopicReader media, String conversation, String session, String kind) {
        List<JsonNode> found = media.awaitEvents(e -> "org.salon.media.signal".equals(e.path("type").asText())
                && conversation.equals(e.path("subject").asText()) && session.equals(e.at("/data/session").asText())
                && kind.equals(e.at("/data/kind").asText()), 1, Duration.ofSeconds(20));
        if (found.isEmpty()) {
            throw new IllegalStateException("no " + kind + " for " + session);
        }
        return found.get(0).path("data");
    }

    private MediaBench() {
    }
}
