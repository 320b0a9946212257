package dev.porthole.agent.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process the benchmark starts: its standard output and error go to files in the work directory (a tunnel agent
 * prints a line per request, which must never block it), and lines are looked for there.
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    private ChildProcess(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workDir) throws IOException {
        Path out = workDir.resolve(name + ".out");
        Path err = workDir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        return new ChildProcess(name, builder.start(), out, err);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for a line of its standard output that {@code pattern} finds something in; the match. */
    Matcher awaitLine(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        long giveUpAt = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                throw new IOException(name + " ended (exit " + process.exitValue() + ") before printing " + pattern + ": " + tail(err));
            }
            if (System.nanoTime() > giveUpAt) {
                throw new IOException(name + " did not print " + pattern + " within " + timeout.toSeconds() + " s: " + tail(err));
            }
            Thread.sleep(20);
        }
    }

    /** Writes a line to its standard input. */
    void tell(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroy);
    }
}
