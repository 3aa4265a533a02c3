package org.salon.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;

import org.salon.testkit.MarkdownSections;

/**
 * Where the resilience tests write what they measured: a section of target/resilience/report.md, and of
 * docs/resilience.md when run with {@code -Dsalon.resilience.docs=true} (the on-demand long form).
 */
final class Report {

    static void section(String name, String markdown) {
        String body = markdown.strip() + "\n\n_" + LocalDate.now() + ", " + MarkdownSections.machine() + "._";
        try {
            MarkdownSections.write(Path.of("target/resilience/report.md"), "# Resilience", name, body);
            if (Boolean.getBoolean("salon.resilience.docs")) {
                MarkdownSections.write(Path.of(System.getProperty("salon.root", "..")).resolve("docs/resilience.md"), "# Resilience", name, body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Report() {
    }
}
