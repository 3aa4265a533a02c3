package org.salon.bench;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Idle sessions on one signaling-service instance: how much heap each authenticated connection (after hello)
 * keeps, hence how many fit in a GB, and how fast connections open and say hello.
 * Arguments: authUrl signalingHttpUrl signalingWsUrl demoPassword pidFile docFile [sessions] [heapMiB]
 */
public final class SignalingSessionsBench {

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 6 ? Integer.parseInt(args[6]) : 5000;
        String heap = args.length > 7 ? args[7] : "?";
        String token = Salon.login(args[0], "alice", args[3]);
        long pid = Long.parseLong(Files.readString(Path.of(args[4])).strip());
        connect(args[2], token, 200, new Histogram(3)).forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "warm-up"));
        Thread.sleep(2000);
        long before = heapAfterGc(args[1], pid);
        Histogram hello = Report.histogram();
        long started = System.nanoTime();
        List<WebSocket> open = connect(args[2], token, sessions, hello);
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(2000);
        long after = heapAfterGc(args[1], pid);
        long perSession = Math.max(1, (after - before) / sessions);
        long perGb = (1L << 30) / perSession;
        open.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        String verdict = perGb >= 50_000 ? "met" : "missed";
        String body = """
                ## Idle signaling sessions (signaling issue)

                Goal: at least 50,000 idle authenticated sessions per GB of heap on one instance. Result: **%s** — %,d
                sessions per GB (%,d bytes of heap each).

                | sessions open | heap after GC before / after (MiB) | bytes per session | sessions per GB | connect + hello per s | connect + hello p50 / p99 ms |
                |---|---|---|---|---|---|
                | %,d | %.1f / %.1f | %,d | %,d | %.0f | %s / %s |

                Each session: a WebSocket with a bearer token checked at the upgrade, then `hello` answered by `welcome`,
                opened 50 at a time by one client on the same machine, directly to the instance (-Xmx%s). Heap measured by
                the service's own metrics after a full GC (`jcmd GC.run`). Command: `bench/run sessions`.

                Where a session's heap goes (`jcmd GC.class_histogram` before and after 5,000 sessions, 2026-12-05): Salon's
                own per-session state is about 300 bytes (the session, its frame-rate bucket, its conversations); the rest is
                the framework's per connection (the upgrade request Vert.x keeps for the connection's lifetime with its
                routing context, Netty's channel pipeline, the security identity). Three changes measured here took it from
                24.7 KB to 16 KB: one sweep for token expiry instead of a timer per connection; dropping the upgrade's
                `Authorization` header once authenticated; and replacing the memoized chain that resolved the identity
                (about 45 Mutiny steps with captured thread context, plus the token's parsing) by the identity itself.
                """.formatted(verdict, perGb, perSession, sessions, before / 1048576.0, after / 1048576.0, perSession, perGb,
                sessions / seconds, Report.millis(hello, 50), Report.millis(hello, 99), heap);
        Report.write(Path.of(args[5]), "sessions", body);
        System.out.println(body);
        System.exit(0);
    }

    /** Opens n sessions, 50 at a time, each until its welcome; records how long each took. */
    private static List<WebSocket> connect(String ws, String token, int n, Histogram latency) throws Exception {
        Semaphore inFlight = new Semaphore(50);
        List<CompletableFuture<WebSocket>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            long t0 = System.nanoTime();
            CompletableFuture<WebSocket> welcomed = new CompletableFuture<>();
            Salon.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create(ws), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                            if (data.toString().contains("\"welcome\"")) {
                                synchronized (latency) {
                                    latency.recordValue((System.nanoTime() - t0) / 1000);
                                }
                                welcomed.complete(s);
                            }
                            s.request(1);
                            return null;
                        }
                    }).thenCompose(s -> s.sendText("{\"type\":\"hello\",\"version\":1}", true))
                    .whenComplete((s, f) -> {
                        if (f != null) {
                            welcomed.completeExceptionally(f);
                        }
                    });
            welcomed.whenComplete((s, f) -> inFlight.release());
            all.add(welcomed);
        }
        List<WebSocket> open = new ArrayList<>();
        for (CompletableFuture<WebSocket> f : all) {
            open.add(f.get(60, TimeUnit.SECONDS));
        }
        return open;
    }

    /** The service's heap in use right after a full collection. */
    private static long heapAfterGc(String service, long pid) throws Exception {
        Process gc = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(60, TimeUnit.SECONDS);
        HttpResponse<String> metrics = Salon.HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(service + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        double used = 0;
        for (String line : metrics.body().lines().toList()) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) used;
    }

    private SignalingSessionsBench() {
    }
}
