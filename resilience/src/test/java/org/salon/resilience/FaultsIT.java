package org.salon.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.salon.testkit.JanusAdmin;
import org.salon.testkit.MediaNamespace;

/**
 * The suite under a {@link Workload} while its parts die one at a time (kill -9, held down a few seconds, started
 * again by the launcher): Kafka, PostgreSQL, each service, and one of the two signaling instances. What was
 * acknowledged is stored and shown to every participant exactly once and in order, refused posts never appear,
 * every rename arrives, chat flows again within 10 s of the restart, and readiness says the part is missing while it
 * is (and UP again after).
 */
@Order(5)
class FaultsIT {
    /** What the launcher kills, and the instances whose readiness is watched. */
    static final List<String> FAULTS = List.of("kafka", "postgres", "auth-service", "room-service", "chat-service", "signaling-service-2",
            "media-gateway");
    static final List<String> INSTANCES = List.of("auth", "room", "chat", "media", "signaling", "signaling-service-2");
    /** The instance a killed service is. */
    static final Map<String, String> KILLED_INSTANCE = Map.of("auth-service", "auth", "room-service", "room", "chat-service", "chat",
            "media-gateway", "media", "signaling-service-2", "signaling-service-2");
    static final Duration RECOVERY = Duration.ofSeconds(10);
    /** Media back after a Janus node's death (its calls move to the other node). */
    static final Duration JANUS_RECOVERY = Duration.ofSeconds(5);

    /** One fault as measured: how long the restart took, when chat and media flowed again, and what readiness said meanwhile. */
    record Outage(String part, double restartSeconds, double flowingAfterRestart, double flowingAfterKill, double readyAfterRestart,
            double media, Map<String, Set<String>> readiness) {
    }

    /** A part of the suite that can die: how to kill it and start it again. */
    record Part(String name, Runnable kill, Runnable start) {
        boolean janus() {
            return name.startsWith("janus");
        }
    }

    @Test
    void nothingAcknowledgedIsLostWhenAPartDies() {
        ResilienceStack stack = ResilienceStack.shared();
        Fixtures fixtures = new Fixtures(stack);
        long hold = Long.getLong("salon.faults.hold", 1);
        List<Outage> outages = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        Workload.Counts counts;
        String sessions;
        try (Workload workload = new Workload(stack, fixtures, 3, Duration.ofMillis(500), stack.media())) {
            workload.awaitFlowing(System.nanoTime(), Duration.ofSeconds(30));
            workload.awaitMedia(Duration.ofSeconds(30));
            for (Part part : parts(stack)) {
                outages.add(outage(stack, workload, part, hold));
            }
            stack.now("finishing");
            workload.finish(Duration.ofSeconds(60));
            counts = workload.check(differences);
            sessions = workload.sessionCounts();
        }
        Report.section("faults", "### Faults\n\n" + table(outages, counts, sessions, hold, stack.media() != null));
        assertEquals(List.of(), differences, "acknowledged = stored = shown, once each, in order");
        assertTrue(counts.acknowledged() > 0 && counts.refused() > 0 && counts.renames() > 0 && counts.guestsJoined() > 0, counts.toString());
        for (Outage o : outages) {
            assertTrue(o.flowingAfterRestart() <= RECOVERY.toSeconds(), o.toString());
            assertTrue(o.media() <= (o.part().startsWith("janus") ? JANUS_RECOVERY : RECOVERY).toSeconds(), "media back: " + o);
            String instance = KILLED_INSTANCE.get(o.part());
            if (instance != null) {
                assertTrue(o.readiness().get(instance).contains("unreachable"), "readiness while " + o.part() + " is down: " + o);
            }
            if (o.part().equals("postgres") || o.part().equals("kafka")) {
                INSTANCES.forEach(i -> assertTrue(o.readiness().get(i).contains("DOWN"), "readiness of " + i + " while " + o.part() + " is down: " + o));
            }
        }
    }

    /** The launcher's parts, and where calls run, the Janus node carrying them (the first one with handles) of the two. */
    private static List<Part> parts(ResilienceStack stack) {
        List<Part> parts = new ArrayList<>();
        for (String name : FAULTS) {
            parts.add(new Part(name, () -> stack.launcher.require(60, "component", "kill", name),
                    () -> stack.launcher.require(180, "component", "start", name)));
        }
        MediaNamespace media = stack.media();
        if (media != null) {
            int[] node = { 0 };
            parts.add(new Part("janus node (one of two)", () -> {
                String secret = stack.launcher.secret("janus-admin-secret");
                node[0] = new JanusAdmin(media.janusAdminUrl(0), secret).handles() > 0 ? 0 : 1;
                media.killJanus(node[0]);
            }, () -> media.restartJanus(node[0])));
        }
        return parts;
    }

    private static Outage outage(ResilienceStack stack, Workload workload, Part part, long hold) {
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        INSTANCES.forEach(i -> seen.put(i, new LinkedHashSet<>()));
        long killed = System.nanoTime();
        stack.now(part.name() + " down");
        part.kill().run();
        // a Janus node's calls move to the other one while it is still down
        double mediaBack = part.janus() && !workload.calls.isEmpty() ? seconds(workload.awaitMedia(Duration.ofSeconds(30)) - killed) : 0;
        long until = System.nanoTime() + Duration.ofSeconds(hold).toNanos();
        while (System.nanoTime() < until) {
            stack.readiness(INSTANCES).forEach((i, said) -> seen.get(i).add(said));
            Fixtures.sleep(250);
        }
        long starting = System.nanoTime();
        stack.now(part.name() + " starting");
        part.start().run();
        long started = System.nanoTime();
        stack.now("after " + part.name() + "'s restart");
        // chat and media watched side by side: each figure is when that one was seen flowing
        java.util.concurrent.CompletableFuture<Long> media = part.janus() || workload.calls.isEmpty() ? null
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> workload.awaitMedia(Duration.ofSeconds(60)));
        long flowing = workload.awaitFlowing(started, Duration.ofSeconds(60));
        if (media != null) {
            mediaBack = seconds(media.join() - started);
        }
        Map<String, String> readiness;
        while (!(readiness = stack.readiness(INSTANCES)).values().stream().allMatch("UP"::equals)) {
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(60).toNanos(), "every instance ready again after " + part.name() + ": " + readiness);
            Fixtures.sleep(100);
        }
        long ready = System.nanoTime();
        return new Outage(part.name(), seconds(started - starting), seconds(flowing - started), seconds(flowing - killed), seconds(ready - started),
                mediaBack, seen);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    private static String table(List<Outage> outages, Workload.Counts counts, String sessions, long hold, boolean calls) {
        StringBuilder md = new StringBuilder("""
                `FaultsIT`: three conversations (bob, carol, dave and a guest each, on two signaling instances through the
                gateway), a post every 500 ms in each, a refused post by an outsider every tenth turn, a rename every 3 s,
                a new guest joining by a link every 5 s%s;
                each part killed with `kill -9`, held down %d s, started again. "Chat flows" is the moment every participant
                of every conversation shows a message acknowledged after the restart; "media flows" the end of the first
                half-second in which every participant of every call decoded at least 5 more video frames (after a Janus
                node's death: counted from the kill, the node still down).

                | part killed | readiness while down | restart took (s) | chat flows after restart (s) | after kill (s) | media flows (s) | all ready after restart (s) |
                |---|---|---:|---:|---:|---:|---:|
                """.formatted(calls ? "; " + (Workload.CALLS > 1 ? "two calls" : "a call") + " with media (bob and carol"
                + (Workload.CALLS > 1 ? ", dave and a guest" : "") + ": headless Chromium in the tests' network namespace, two Janus nodes)"
                : " (no calls: a network namespace needs root)", hold));
        for (Outage o : outages) {
            List<String> down = new ArrayList<>();
            o.readiness().forEach((i, states) -> {
                states.remove("UP");
                if (!states.isEmpty()) {
                    down.add(i + " " + String.join("/", states));
                }
            });
            md.append("| ").append(o.part()).append(" | ").append(down.isEmpty() ? "all UP" : String.join(", ", down)).append(" | ")
                    .append(o.restartSeconds()).append(" | ").append(o.flowingAfterRestart()).append(" | ").append(o.flowingAfterKill())
                    .append(" | ").append(calls ? o.media() + (o.part().startsWith("janus") ? " after kill" : " after restart") : "-")
                    .append(" | ").append(o.readyAfterRestart()).append(" |\n");
        }
        md.append("\nMessages: ").append(counts.acknowledged()).append(" acknowledged, ").append(counts.stored()).append(" stored, ")
                .append(counts.shown()).append(" shown (summed over the participants: each one's list equal to the acknowledged, in order); ")
                .append(counts.refused()).append(" refused posts, none stored or shown; ").append(counts.renames())
                .append(" renames, each shown to every participant; ").append(counts.guestsJoined())
                .append(" guests joined by a link (each then read the conversation). Sessions: ").append(sessions).append(".\n");
        return md.toString();
    }
}
