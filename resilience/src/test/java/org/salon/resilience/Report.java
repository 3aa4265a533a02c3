package org.salon.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Where the resilience tests write what they measured: a section of target/resilience/report.md, and of
 * docs/resilience.md when run with {@code -Dsalon.resilience.docs=true} (the on-demand long form).
 */
final class Report {

    static void section(String name, String markdown) {
        String body = markdown.strip() + "\n\n_" + LocalDate.now() + ", " + machine() + "._\n";
        write(Path.of("target/resilience/report.md"), name, body);
        if (Boolean.getBoolean("salon.resilience.docs")) {
            write(Path.of(System.getProperty("salon.root", "..")).resolve("docs/resilience.md"), name, body);
        }
    }

    /** Replaces the text between {@code <!-- name -->} and {@code <!-- /name -->}, or appends the section. */
    private static void write(Path file, String name, String body) {
        String open = "<!-- " + name + " -->\n";
        String close = "<!-- /" + name + " -->\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            String text = Files.exists(file) ? Files.readString(file) : "";
            int start = text.indexOf(open);
            int end = text.indexOf(close);
            text = start >= 0 && end > start ? text.substring(0, start + open.length()) + body + text.substring(end)
                    : text + (text.isEmpty() || text.endsWith("\n\n") ? "" : "\n") + open + body + close;
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String machine() {
        long memoryGb = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 30;
        return Runtime.getRuntime().availableProcessors() + " cores, " + memoryGb + " GB, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }
}
