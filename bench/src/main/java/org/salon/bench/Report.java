package org.salon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.salon.testkit.MarkdownSections;

/** Latency histograms and the section each benchmark writes into docs/benchmarks.md. */
final class Report {

    static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
    }

    static String millis(Histogram h, double percentile) {
        return String.format("%.2f", h.getValueAtPercentile(percentile) / 1000.0);
    }

    static String machine() {
        return MarkdownSections.machine();
    }

    /** What ran: Salon's framework and broker (from the build), the Debian packages the launcher uses. */
    static String versions() {
        java.util.regex.Matcher quarkus = java.util.regex.Pattern.compile("quarkus-core-([0-9.]+)\\.jar")
                .matcher(System.getProperty("java.class.path"));
        StringBuilder v = new StringBuilder("Quarkus " + (quarkus.find() ? quarkus.group(1) : "?") + ", Kafka broker "
                + brokerVersion() + " (clients " + org.apache.kafka.common.utils.AppInfoParser.getVersion() + ")");
        for (String[] p : new String[][] { { "PostgreSQL", "postgresql-15" }, { "nginx", "nginx" }, { "Janus", "janus" },
                { "Chromium", "chromium" } }) {
            try {
                Process q = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", p[1]).redirectErrorStream(true).start();
                String version = new String(q.getInputStream().readAllBytes()).strip();
                if (q.waitFor() == 0 && !version.isEmpty()) {
                    v.append(", ").append(p[0]).append(' ').append(version);
                }
            } catch (IOException e) {
                // not a Debian machine: the section says less
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return v.toString();
    }

    /** The broker deploy/local runs: the kafka.version of the project's pom (run from the project or bench/). */
    private static String brokerVersion() {
        for (Path pom : new Path[] { Path.of("pom.xml"), Path.of("../pom.xml") }) {
            try {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(Files.readString(pom));
                if (m.find()) {
                    return m.group(1);
                }
            } catch (IOException e) {
                // the other place
            }
        }
        return "?";
    }

    /** Replaces the section between its markers in docs/benchmarks.md (or appends it). */
    static void write(Path doc, String name, String body) throws IOException {
        MarkdownSections.write(doc, "# Benchmarks", "bench:" + name, body.strip() + "\n\n_Measured " + LocalDate.now() + " on " + machine()
                + "; " + versions() + "._");
    }

    private Report() {
    }
}
