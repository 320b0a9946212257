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
        // blocking socket reads however short (JFR still keeps only a sample): how long each hop waited for the next
        profile.jcmd("JFR.start", "name=" + NAME, "settings=profile", "jdk.CPUTimeSample#enabled=true",
            "jdk.CPUTimeSample#throttle=1ms", "jdk.SocketRead#threshold=0ms", "filename=" + file);
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
        print(Path.of(args[0]), Long.parseLong(args[1]), -1, System.out);
    }

    /**
     * Prints the recording's CPU samples per request.
     *
     * @param processMillis the process's CPU time meanwhile (from /proc), or -1 when unknown
     */
    static void print(Path recording, long requests, long processMillis, PrintStream out) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        List<Sample> samples = read(events);
        double totalMs = samples.stream().mapToDouble(Sample::millis).sum();
        out.printf(Locale.ROOT, "%d CPU samples, %.0f ms of Java threads' CPU = %.3f ms per request over %d requests%n",
            samples.size(), totalMs, totalMs / requests, requests);
        double gcMs = events.stream().filter(e -> e.getEventType().getName().equals("jdk.GCCPUTime"))
            .mapToDouble(e -> (e.getLong("userTime") + e.getLong("systemTime")) / 1e6).sum();
        long lost = events.stream().filter(e -> e.getEventType().getName().equals("jdk.CPUTimeSamplesLost"))
            .mapToLong(e -> e.getInt("lostSamples")).sum();
        out.printf(Locale.ROOT, "  process CPU (/proc, user + system): %s; GC threads: %.3f ms per request; samples lost: %d%n",
            processMillis < 0 ? "unknown" : String.format(Locale.ROOT, "%.3f ms per request", processMillis / (double) requests),
            gcMs / requests, lost);
        socketWaits(events, requests, out);
        allocations(events, out);
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

    /**
     * Blocking socket reads (the SDK's HTTP client, the agent's client to the local service) by the first Porthole
     * frame above them: how long that hop waited for its answer, per request.
     */
    private static void socketWaits(List<RecordedEvent> events, long requests, PrintStream out) {
        Map<String, List<Double>> waits = new HashMap<>();
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals("jdk.SocketRead") || e.getStackTrace() == null) {
                continue;
            }
            String hop = "(no Porthole frame)";
            for (RecordedFrame frame : e.getStackTrace().getFrames()) {
                String name = frame.getMethod().getType().getName();
                if (name.startsWith("dev.porthole.")) {
                    hop = name.substring("dev.porthole.".length()) + "." + frame.getMethod().getName();
                    break;
                }
            }
            waits.computeIfAbsent(hop + " ← " + e.getString("host") + ":" + e.getInt("port"), k -> new ArrayList<>())
                .add(e.getDuration().toNanos() / 1e6);
        }
        if (waits.isEmpty()) {
            return;
        }
        out.println("  waits on blocking socket reads (reads per request, median ms, ms per request):");
        waits.entrySet().stream().sorted(Comparator.comparingDouble(en -> -en.getValue().stream().mapToDouble(Double::doubleValue).sum()))
            .limit(12).forEach(en -> {
                double[] sorted = en.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
                out.printf(Locale.ROOT, "    %6.2f  %7.3f  %7.3f  %s%n", sorted.length / (double) requests, sorted[sorted.length / 2],
                    java.util.Arrays.stream(sorted).sum() / requests, en.getKey());
            });
    }

    /** Where the allocation is, by the object's class and the first Porthole frame above it (else the top frame). */
    private static void allocations(List<RecordedEvent> events, PrintStream out) {
        Map<String, Double> bytes = new HashMap<>();
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            String site = frames.isEmpty() ? "?" : frames.getFirst().getMethod().getType().getName() + "." + frames.getFirst().getMethod().getName();
            for (RecordedFrame frame : frames) {
                if (frame.getMethod().getType().getName().startsWith("dev.porthole.")) {
                    site = frame.getMethod().getType().getName().substring("dev.porthole.".length()) + "." + frame.getMethod().getName();
                    break;
                }
            }
            bytes.merge(e.getClass("objectClass").getName() + " in " + site, (double) e.getLong("weight"), Double::sum);
        }
        // the samples' weights are only good for shares: a thread's weight counts everything it allocated since its last sample
        double total = bytes.values().stream().mapToDouble(Double::doubleValue).sum();
        out.println("  allocation, share of the sampled weight (object class in the first Porthole method above it):");
        bytes.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(10)
            .forEach(en -> out.printf(Locale.ROOT, "    %5.1f %%  %s%n", 100 * en.getValue() / total, en.getKey()));
    }

    private static List<Sample> read(List<RecordedEvent> events) {
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
