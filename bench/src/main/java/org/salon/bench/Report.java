package org.salon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/** Latency histograms and the section each benchmark writes into docs/benchmarks.md. */
final class Report {

    static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
    }

    static String millis(Histogram h, double percentile) {
        return String.format("%.2f", h.getValueAtPercentile(percentile) / 1000.0);
    }

    static String machine() {
        long memory = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return Runtime.getRuntime().availableProcessors() + " cores, " + (memory >> 30) + " GiB, " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }

    /** Replaces the section between its markers in docs/benchmarks.md (or appends it). */
    static void write(Path doc, String name, String body) throws IOException {
        String begin = "<!-- bench:" + name + " -->";
        String end = "<!-- /bench:" + name + " -->";
        String section = begin + "\n" + body.strip() + "\n\n_Measured " + LocalDate.now() + " on " + machine() + "._\n" + end;
        String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        text = b >= 0 && e > b ? text.substring(0, b) + section + text.substring(e + end.length()) : text.stripTrailing() + "\n\n" + section + "\n";
        Files.writeString(doc, text);
    }

    private Report() {
    }
}
