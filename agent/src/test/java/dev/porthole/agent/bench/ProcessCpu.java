package dev.porthole.agent.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU time a process (and its children, for nginx's workers) has used, from {@code /proc/<pid>/stat}: user plus
 * system time, in clock ticks turned into milliseconds.
 */
final class ProcessCpu {
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcessCpu() {
    }

    /** Milliseconds of CPU used so far by {@code pid} and every process below it. */
    static long millis(long pid) {
        long ticks = ticks(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
            ticks += ticks(child.pid());
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // the command name is in parentheses and may hold spaces: fields are counted after its closing one
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime is field 14, stime field 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // gone, or not Linux
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException | InterruptedException e) {
            return 100;
        }
    }

    /** The machine's load average over the last minute, from /proc/loadavg (how busy the other work was). */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
