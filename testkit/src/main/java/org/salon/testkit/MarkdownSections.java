package org.salon.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sections of a Markdown document that a program rewrites (benchmarks' and resilience tests' results): the text
 * between {@code <!-- name -->} and {@code <!-- /name -->} is replaced, or the section is appended.
 */
public final class MarkdownSections {

    /** Cores, memory and system of this machine, for a result's footer. */
    public static String machine() {
        long memory = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return Runtime.getRuntime().availableProcessors() + " cores, " + (memory >> 30) + " GiB, " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }

    /** Replaces section {@code name} of {@code doc} by {@code body}; a new document starts with {@code title}. */
    public static void write(Path doc, String title, String name, String body) throws IOException {
        String begin = "<!-- " + name + " -->";
        String end = "<!-- /" + name + " -->";
        String section = begin + "\n" + body.strip() + "\n" + end;
        String text = Files.exists(doc) ? Files.readString(doc) : title + "\n";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        text = b >= 0 && e > b ? text.substring(0, b) + section + text.substring(e + end.length()) : text.stripTrailing() + "\n\n" + section + "\n";
        Files.createDirectories(doc.toAbsolutePath().getParent());
        Files.writeString(doc, text);
    }

    private MarkdownSections() {
    }
}
