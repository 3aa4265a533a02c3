package org.salon.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.salon.testkit.JanusAdmin;

/**
 * The {@link Workload} for a while with nothing failing (60 s in the test command, 10 minutes in the long form):
 * no errors, everything acknowledged shown once, and no service's heap after a full GC or open file descriptors, nor
 * Janus's handles, growing beyond the bounds below between the first sample (after warm-up) and the last.
 */
@Order(6)
class SoakIT {
    /** Each service instance and the launcher's name for it (its pid file). */
    static final Map<String, String> INSTANCES = Map.of("auth", "auth-service", "room", "room-service", "chat", "chat-service", "media",
            "media-gateway", "signaling", "signaling-service", "signaling-service-2", "signaling-service-2");
    /** Heap after GC may grow by a quarter plus 8 MB (caches filling), descriptors by 16, Janus handles not at all. */
    static final double HEAP_GROWTH = 1.25;
    static final long HEAP_SLACK = 8L << 20;
    static final int FD_SLACK = 16;

    /** One instance at one moment: heap used right after a full GC, and open file descriptors. */
    record Sample(long heapAfterGc, int fds) {
    }

    @Test
    void aSteadyWorkloadLeavesNothingGrowing() throws Exception {
        ResilienceStack stack = ResilienceStack.shared();
        Fixtures fixtures = new Fixtures(stack);
        long seconds = Long.getLong("salon.soak.seconds", 60);
        String secret = stack.launcher.secret("janus-admin-secret");
        List<JanusAdmin> janus = stack.media() == null
                ? List.of(new JanusAdmin("ws://127.0.0.1:" + stack.launcher.get("SALON_JANUS_ADMIN_PORT"), secret))
                : List.of(new JanusAdmin(stack.media().janusAdminUrl(0), secret), new JanusAdmin(stack.media().janusAdminUrl(1), secret));
        List<String> differences = new ArrayList<>();
        Map<String, Sample> first;
        Map<String, Sample> last;
        int handlesFirst;
        boolean media;
        int handlesLast;
        Workload.Counts counts;
        String sessions;
        long retries;
        Map<String, Integer> retried;
        int lost;
        try (Workload workload = new Workload(stack, fixtures, 3, Duration.ofMillis(500), stack.media())) {
            workload.awaitFlowing(System.nanoTime(), Duration.ofSeconds(30));
            workload.awaitMedia(Duration.ofSeconds(30));
            first = samples(stack);
            handlesFirst = janus.stream().mapToInt(JanusAdmin::handles).sum();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                Fixtures.sleep(Math.min(10_000, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
            }
            last = samples(stack);
            media = workload.awaitMedia(Duration.ofSeconds(10)) > 0 && !workload.calls.isEmpty();
            handlesLast = janus.stream().mapToInt(JanusAdmin::handles).sum();
            workload.finish(Duration.ofSeconds(60));
            counts = workload.check(differences);
            sessions = workload.sessionCounts();
            retries = workload.retries.get();
            retried = Map.copyOf(workload.retried);
            lost = workload.connectionsLost();
        }
        StringBuilder md = new StringBuilder("""
                `SoakIT`: the faults' workload (three conversations, a post every 500 ms in each, renames, refused posts,
                guests joining by links, two calls with media where the tests run as root) for %d s with nothing failing. Heap used right after a full GC
                (`jcmd GC.run`, then `/q/metrics`) and open file descriptors of each instance after warm-up and at the end;
                bounds: heap ×%.2f + 8 MB, descriptors +%d, Janus handles (both nodes) unchanged.

                | instance | heap after GC, start → end (MB) | file descriptors, start → end |
                |---|---:|---:|
                """.formatted(seconds, HEAP_GROWTH, FD_SLACK));
        first.forEach((i, s) -> md.append("| ").append(i).append(" | ").append(s.heapAfterGc() >> 20).append(" → ")
                .append(last.get(i).heapAfterGc() >> 20).append(" | ").append(s.fds()).append(" → ").append(last.get(i).fds()).append(" |\n"));
        md.append("\n").append(media ? "Media flowing at the end. " : "").append("Janus handles ").append(handlesFirst).append(" → ").append(handlesLast).append(". Messages: ").append(counts.acknowledged())
                .append(" acknowledged, ").append(counts.stored()).append(" stored, ").append(counts.shown())
                .append(" shown (summed over participants); ").append(counts.refused()).append(" refused posts; ").append(counts.renames())
                .append(" renames; ").append(counts.guestsJoined()).append(" guests joined; ").append(retries).append(" requests sent again ").append(retried).append(". Sessions: ").append(sessions).append(".\n");
        Report.section("soak", "### Soak\n\n" + md);
        assertEquals(List.of(), differences);
        assertEquals(0, retries, "nothing failing: no request needed sending again");
        assertEquals(0, lost, "no connection lost (but to renew an expiring token): " + sessions);
        first.forEach((i, s) -> {
            assertTrue(last.get(i).heapAfterGc() <= s.heapAfterGc() * HEAP_GROWTH + HEAP_SLACK, i + " heap after GC: " + s + " -> " + last.get(i));
            assertTrue(last.get(i).fds() <= s.fds() + FD_SLACK, i + " file descriptors: " + s + " -> " + last.get(i));
        });
        assertTrue(handlesLast <= handlesFirst, "Janus handles " + handlesFirst + " -> " + handlesLast);
    }

    private static Map<String, Sample> samples(ResilienceStack stack) throws IOException, InterruptedException {
        Map<String, Sample> all = new LinkedHashMap<>();
        for (String instance : List.of("auth", "room", "chat", "media", "signaling", "signaling-service-2")) {
            long pid = Long.parseLong(Files.readString(stack.launcher.home().resolve("run").resolve(INSTANCES.get(instance) + ".pid")).trim());
            Process gc = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true).start();
            assertEquals(0, gc.waitFor(), "jcmd GC.run " + instance + ": " + new String(gc.getInputStream().readAllBytes()));
            String port = instance.equals("signaling-service-2") ? stack.launcher.get("SALON_SIGNALING_EXTRA_PORTS")
                    : stack.launcher.get(ResilienceStack.PORTS.get(instance));
            String metrics = stack.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            long heap = metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            try (var fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
                all.put(instance, new Sample(heap, (int) fds.count()));
            }
        }
        return all;
    }
}
