package org.salon.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time, from /proc, for tests and benchmarks that measure what a server spends. */
public final class ProcessCpu {
    /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
    public static final double TICKS_PER_SECOND = 100.0;

    /** The CPU time the process has used so far, user and system, in clock ticks. */
    public static long ticks(long pid) {
        try {
            // the command name (in parentheses) may hold spaces: the fields counted after it
            String[] stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).split("\\) ", 2)[1].split(" ");
            return Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        } catch (IOException e) {
            throw new IllegalStateException("CPU time of process " + pid + " unreadable: " + e.getMessage(), e);
        }
    }

    private ProcessCpu() {
    }
}
