package org.salon.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;

/**
 * Open-loop fan-out: messages sent at a fixed rate (on schedule, not after the previous answer) to a target that
 * delivers each to its receivers; each message timed from its sending to its delivery to the last receiver.
 */
final class Fanout {

    /** Something that fans a message out: Salon's chat, an XMPP room, a Kafka topic, a database commit. */
    interface Target extends AutoCloseable {
        String name();

        /** How many receivers each message reaches. */
        int receivers();

        /** Sends message {@code key}; completes when the sender's own request is answered. */
        CompletableFuture<?> send(String key);
    }

    /**
     * One rate's result: messages sent, delivered to every receiver, their latencies to the last receiver and to the
     * first, and the senders' answers (µs).
     */
    record Step(int rate, int sent, int complete, Histogram latency, Histogram first, Histogram answered) {
        boolean under50ms() {
            return complete == sent && latency.getValueAtPercentile(99) < 50_000;
        }

        /** Far past what the target carries: no point in a higher rate. */
        boolean saturated() {
            return complete < sent || latency.getValueAtPercentile(99) > 1_000_000;
        }
    }

    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Long> lastDelivery = new ConcurrentHashMap<>();
    private final Map<String, Long> firstDelivery = new ConcurrentHashMap<>();

    /** A receiver got message {@code key} at {@code nanos} (System.nanoTime()). */
    void delivered(String key, long nanos) {
        deliveries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        lastDelivery.merge(key, nanos, Math::max);
        firstDelivery.merge(key, nanos, Math::min);
    }

    /** Sends {@code rate} messages a second for {@code seconds}, keys starting with {@code step}, then waits for stragglers. */
    Step run(Target target, String step, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        Histogram answered = Report.histogram();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger n = new AtomicInteger();
        clock.scheduleAtFixedRate(() -> {
            int i = n.getAndIncrement();
            if (i >= total) {
                return;
            }
            String key = step + "-" + i;
            long t0 = System.nanoTime();
            sentAt.put(key, t0);
            CompletableFuture<?> answer = target.send(key).whenComplete((r, f) -> {
                synchronized (answered) {
                    answered.recordValue((System.nanoTime() - t0) / 1000);
                }
            });
            synchronized (answers) {
                answers.add(answer);
            }
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
        while (n.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        clock.shutdownNow();
        synchronized (answers) {
            for (CompletableFuture<?> a : answers) {
                a.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
        Thread.sleep(2000);
        Histogram latency = Report.histogram();
        Histogram first = Report.histogram();
        int complete = 0;
        for (var e : sentAt.entrySet()) {
            if (e.getKey().startsWith(step + "-")) {
                AtomicInteger got = deliveries.get(e.getKey());
                if (got != null && got.get() == target.receivers()) {
                    complete++;
                    latency.recordValue(Math.max(0, (lastDelivery.get(e.getKey()) - e.getValue()) / 1000));
                    first.recordValue(Math.max(0, (firstDelivery.get(e.getKey()) - e.getValue()) / 1000));
                }
            }
        }
        return new Step(rate, total, complete, latency, first, answered);
    }
}
