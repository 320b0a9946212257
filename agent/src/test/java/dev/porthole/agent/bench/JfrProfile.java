package dev.porthole.agent.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A CPU profile of one benchmark process, taken with JDK Flight Recorder through {@code jcmd} while a load runs
 * (JDK 25's CPU-time sampler, {@code jdk.CPUTimeSample}, every millisecond of a thread's CPU time; the classic
 * {@code jdk.ExecutionSample} when that is missing), and what it says per request: the methods the CPU is spent in
 * (self), the packages and classes whose work it is (total, with what they call), and the first Porthole frame
 * above each sample — which hop of the path the time belongs to.
 *
 * <p>{@code java -cp <test classpath> dev.porthole.agent.bench.JfrProfile <file.jfr> <requests>} prints the same for
 * any recording.
 */
final class JfrProfile {
    private static final String NAME = "porthole-benchmark";
    private static final int TOP = 25;

    private final String jcmd;
    private final long pid;
    private final Path file;

    private JfrProfile(String jcmd, long pid, Path file) {
        this.jcmd = jcmd;
        this.pid = pid;
        this.file = file;
    }

    /** Starts recording {@code pid} into {@code file}. */
    static JfrProfile start(String javaHome, long pid, Path file) throws IOException, InterruptedException {
        String jcmd = Path.of(javaHome, "bin", "jcmd").toString();
        JfrProfile profile = new JfrProfile(jcmd, pid, file);
        // deep enough for Jetty + the Lambda runtime + the SDK on one stack; only settable before the first recording
        profile.jcmd("JFR.configure", "stackdepth=512");
        profile.jcmd("JFR.start", "name=" + NAME, "settings=profile", "jdk.CPUTimeSample#enabled=true",
            "jdk.CPUTimeSample#throttle=1ms", "filename=" + file);
        return profile;
    }

    Path stop() throws IOException, InterruptedException {
        jcmd("JFR.stop", "name=" + NAME);
        return file;
    }

    private void jcmd(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(jcmd, Long.toString(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }

    public static void main(String[] args) throws IOException {
        print(Path.of(args[0]), Long.parseLong(args[1]), System.out);
    }

    /** Prints the recording's CPU samples per request. */
    static void print(Path recording, long requests, PrintStream out) throws IOException {
        List<Sample> samples = read(recording);
        double totalMs = samples.stream().mapToDouble(Sample::millis).sum();
        out.printf(Locale.ROOT, "%d CPU samples, %.0f ms of Java threads' CPU = %.3f ms per request over %d requests%n",
            samples.size(), totalMs, totalMs / requests, requests);
        section(out, "threads (by name, digits dropped)", tally(samples, s -> Set.of(s.threadGroup())), totalMs, requests);
        section(out, "self: the method on the CPU", tally(samples, s -> Set.of(s.leafMethod())), totalMs, requests);
        section(out, "self: by package (Porthole: by class)", tally(samples, s -> Set.of(component(s.frames().isEmpty() ? "?" : s.frames().getFirst()))),
            totalMs, requests);
        section(out, "total: package or class on the stack, with all it calls", tally(samples, s -> {
            Set<String> seen = new HashSet<>();
            s.frames().forEach(f -> seen.add(component(f)));
            return seen;
        }), totalMs, requests);
        section(out, "hop: the first Porthole method above the sample (else the thread)", tally(samples, Sample::hop), totalMs, requests);
    }

    private static void section(PrintStream out, String title, Map<String, Double> tally, double totalMs, long requests) {
        out.println("  " + title + ":");
        tally.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(TOP)
            .forEach(e -> out.printf(Locale.ROOT, "    %5.1f %%  %7.4f ms/req  %s%n", 100 * e.getValue() / totalMs, e.getValue() / requests, e.getKey()));
    }

    private static Map<String, Double> tally(List<Sample> samples, java.util.function.Function<Sample, Set<String>> keys) {
        Map<String, Double> tally = new HashMap<>();
        for (Sample s : samples) {
            for (String key : keys.apply(s)) {
                tally.merge(key, s.millis(), Double::sum);
            }
        }
        return tally;
    }

    /** One CPU sample: its weight in milliseconds of CPU, its thread and its stack, leaf first ("Class.method"). */
    private record Sample(double millis, String threadGroup, List<String> frames) {
        String leafMethod() {
            return frames.isEmpty() ? "(no stack)" : frames.getFirst();
        }

        Set<String> hop() {
            for (String frame : frames) {
                if (frame.startsWith("dev.porthole.")) {
                    return Set.of(frame.substring("dev.porthole.".length()));
                }
            }
            return Set.of("(" + threadGroup + ": " + (frames.isEmpty() ? "no stack" : component(frames.getLast())) + ")");
        }
    }

    private static List<Sample> read(Path recording) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        boolean cpuTime = events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.CPUTimeSample"));
        String type = cpuTime ? "jdk.CPUTimeSample" : "jdk.ExecutionSample";
        List<Sample> samples = new ArrayList<>();
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals(type) || e.getStackTrace() == null) {
                continue;
            }
            double millis = cpuTime ? e.getDuration("samplingPeriod").toNanos() / 1e6 : 10;
            RecordedThread thread = e.getThread(cpuTime ? "eventThread" : "sampledThread");
            List<String> frames = new ArrayList<>();
            for (RecordedFrame frame : e.getStackTrace().getFrames()) {
                RecordedMethod method = frame.getMethod();
                frames.add(method.getType().getName() + "." + method.getName());
            }
            samples.add(new Sample(millis, group(thread), frames));
        }
        return samples;
    }

    private static String group(RecordedThread thread) {
        if (thread == null) {
            return "?";
        }
        String name = thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
        if (name == null || name.isEmpty()) {
            return thread.isVirtual() ? "(virtual)" : "(unnamed)";
        }
        return name.replaceAll("\\d+", "#");
    }

    /** Porthole's own classes by class; everything else by its package, at most four names deep. */
    static String component(String frame) {
        String type = frame.substring(0, frame.lastIndexOf('.'));
        int inner = type.indexOf('$');
        if (inner > 0) {
            type = type.substring(0, inner);
        }
        if (type.startsWith("dev.porthole.")) {
            return type;
        }
        String[] parts = type.split("\\.");
        int depth = Math.min(parts.length - 1, type.startsWith("software.amazon.awssdk.") ? 5 : 4);
        return String.join(".", java.util.Arrays.copyOf(parts, Math.max(1, depth)));
    }
}
