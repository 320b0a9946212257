package dev.porthole.agent.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the tunnel costs, measured as issue 14 asks: an nginx origin (one worker) serving a 12-byte JSON file and a
 * 1 MiB file and echoing a 5 MiB POST; {@code wrk} as the client; each system in processes of its own, warmed up
 * first, and measured in one run, figure by figure, so that the machine's other work weighs on all of them alike:
 * <ul>
 *   <li>direct nginx;</li>
 *   <li>Porthole as a person runs it from the command line: {@code java -jar local-backend/target/porthole-local.jar}
 *       and {@code java -jar agent/target/porthole-agent.jar};</li>
 *   <li>Porthole as the desktop app runs it: the embedded local backend and an in-process agent in one JVM
 *       ({@link EmbeddedHarness});</li>
 *   <li>optionally the jars again with other JVM options ({@code BENCH_VARIANT_JAVA_OPTIONS}), for an A/B comparison in
 *       one run;</li>
 *   <li>optionally another tunnel, started by the script in {@code BENCH_COMPARE} (see {@link Targets#compared}).</li>
 * </ul>
 * Figures: p50 and p99 of small GETs at 1 connection, requests per second at 16 connections, the 1 MB GET and the
 * 5 MB round trip (medians at 1 connection), and CPU milliseconds per request of each process (user + system time
 * from {@code /proc/<pid>/stat}, before and after the 16-connection load). With {@code BENCH_PROFILE=1} further
 * loads run with JDK Flight Recorder on every Porthole JVM and the top frames per request are printed.
 *
 * <p>Run it with {@code benchmarks/run.sh} (it installs nginx and wrk when missing) or, with both installed,
 * {@code ./mvnw -B -q -pl agent -am -Pbenchmark -DskipTests verify}. It asserts nothing: it prints tables.
 */
public final class TunnelBenchmark {
    private static final int MANY = 16;

    private final Path root;
    private final Path workDir;
    private final Wrk wrk;
    private final Duration measure;
    private static final int MIN_WARM_UP_ROUNDS = 8;
    private static final int MAX_WARM_UP_ROUNDS = 15;
    private final Duration warmUp;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).build();

    private TunnelBenchmark(Path root, Path workDir, Wrk wrk, Duration measure, Duration warmUp) {
        this.root = root;
        this.workDir = workDir;
        this.wrk = wrk;
        this.measure = measure;
        this.warmUp = warmUp;
    }

    /** What was measured of one system. Latencies in milliseconds. */
    private static final class Figures {
        Wrk.Result small;
        Wrk.Result many;
        Wrk.Result oneMegabyte;
        Wrk.Result roundTrip;
        final Map<String, Double> cpuPerRequest = new LinkedHashMap<>();
        EmbeddedHarness.Control.Stats harness;
        EmbeddedHarness.Control.Stats afterMany;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("benchmark.root", ".")).toAbsolutePath().normalize();
        Path workDir = Files.createDirectories(root.resolve("agent/target/benchmark-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Duration measure = Duration.ofSeconds(Long.parseLong(env("BENCH_SECONDS", "10")));
        Duration warmUp = Duration.ofSeconds(Long.parseLong(env("BENCH_WARMUP_SECONDS", "10")));
        new TunnelBenchmark(root, workDir, Wrk.find(), measure, warmUp).run(env("BENCH_PROFILE", "0").equals("1"),
            Optional.ofNullable(System.getenv("BENCH_COMPARE")).filter(s -> !s.isBlank()).map(Path::of));
        System.exit(0);
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value.trim();
    }

    private void run(boolean profile, Optional<Path> compare) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Target> targets = new ArrayList<>();
        try (NginxOrigin origin = NginxOrigin.start(workDir)) {
            System.out.printf(Locale.ROOT, "Porthole tunnel benchmark — %d cores, Java %s, %s, %s; load average %s; %d s per figure; "
                    + "logs in %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version(), origin.version(), wrk.version(),
                ProcessCpu.loadAverage(), measure.toSeconds(), workDir);
            Targets start = new Targets(root, java, workDir, origin);
            targets.add(start.direct());
            List<String> systems = List.of(env("BENCH_SYSTEMS", "jars,embedded").split("\\s*,\\s*"));
            if (systems.contains("jars")) {
                targets.add(start.portholeJars());
            }
            String variant = env("BENCH_VARIANT_JAVA_OPTIONS", "");
            if (!variant.isEmpty()) {
                targets.add(start.portholeJars("Porthole (jars, " + variant + ")", List.of(variant.split("\\s+"))));
            }
            if (systems.contains("embedded")) {
                targets.add(start.embedded());
            }
            if (compare.isPresent()) {
                targets.add(start.compared(compare.get()));
            }
            for (Target t : targets) {
                verify(t, origin);
            }
            System.out.println("All systems answer byte for byte. Warming up each until its throughput settles…");
            for (Target t : targets) {
                warmUp(t, origin);
            }
            Map<Target, Figures> figures = new LinkedHashMap<>();
            targets.forEach(t -> figures.put(t, new Figures()));
            System.out.println("Small GETs, 1 connection…");
            for (Target t : targets) {
                Figures f = figures.get(t);
                if (t.control().isPresent()) {
                    t.control().get().reset();
                }
                f.small = wrk.run(t.url(NginxOrigin.SMALL), t.hostHeader(), 1, measure, Optional.empty());
                if (t.control().isPresent()) {
                    f.harness = t.control().get().stats();
                }
            }
            System.out.println("Small GETs, " + MANY + " connections…");
            for (Target t : targets) {
                Figures f = figures.get(t);
                Map<String, Long> before = cpu(t);
                f.many = wrk.run(t.url(NginxOrigin.SMALL), t.hostHeader(), MANY, measure, Optional.empty());
                Map<String, Long> after = cpu(t);
                before.forEach((role, ms) -> f.cpuPerRequest.put(role, (after.get(role) - ms) / (double) f.many.requests()));
                if (t.control().isPresent()) {
                    f.afterMany = t.control().get().stats();
                }
            }
            System.out.println("1 MB GETs, 1 connection…");
            for (Target t : targets) {
                figures.get(t).oneMegabyte = wrk.run(t.url(NginxOrigin.ONE_MB), t.hostHeader(), 1, measure, Optional.empty());
            }
            System.out.println("5 MB round trips, 1 connection…");
            Path post = postScript(origin);
            for (Target t : targets) {
                figures.get(t).roundTrip = wrk.run(t.url(NginxOrigin.ECHO), t.hostHeader(), 1, measure, Optional.of(post));
            }
            System.out.println("Load average after the measurements: " + ProcessCpu.loadAverage());
            print(figures);
            if (profile) {
                profile(targets, origin);
            }
        } finally {
            targets.reversed().forEach(Target::close);
        }
    }

    /** Each system must answer exactly what nginx serves before its figures mean anything. */
    private void verify(Target t, NginxOrigin origin) throws IOException, InterruptedException {
        check(t, send(t, HttpRequest.newBuilder(t.url(NginxOrigin.SMALL))), NginxOrigin.SMALL_BODY, "GET /" + NginxOrigin.SMALL);
        check(t, send(t, HttpRequest.newBuilder(t.url(NginxOrigin.ONE_MB))), origin.oneMegabyte(), "GET /" + NginxOrigin.ONE_MB);
        byte[] five = Files.readAllBytes(origin.fiveMegabytes());
        check(t, send(t, HttpRequest.newBuilder(t.url(NginxOrigin.ECHO)).header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(five))), five, "POST /" + NginxOrigin.ECHO);
    }

    private HttpResponse<byte[]> send(Target t, HttpRequest.Builder request) throws IOException, InterruptedException {
        t.hostHeader().ifPresent(h -> request.header("Host", h));
        return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void check(Target t, HttpResponse<byte[]> response, byte[] expected, String what) {
        if (response.statusCode() != 200 || !Arrays.equals(response.body(), expected)) {
            throw new IllegalStateException(t.name() + ": " + what + " answered " + response.statusCode() + " with "
                + response.body().length + " bytes, not the " + expected.length + " bytes nginx serves");
        }
    }

    /**
     * Small GETs at 16 connections in rounds of {@code warmUp}, at least eight (two for nginx alone), until a round's throughput is within 5 %
     * of the round before (at most fifteen): on two cores the JIT of a JVM on this path takes 60–90 s to settle, rising
     * in steps with plateaus between them,
     * and figures taken after a fixed 10 s counted compilation as the tunnel's CPU (a third of the requests/s and two to
     * three times the CPU per request in one comparison).
     * Then each other kind of request for a quarter of a round.
     */
    private void warmUp(Target t, NginxOrigin origin) throws IOException, InterruptedException {
        List<String> rounds = new ArrayList<>();
        double before = 0;
        // nginx alone has no JIT to wait for: two rounds that agree are enough
        int minimum = t.processes().keySet().stream().allMatch("nginx"::equals) ? 2 : MIN_WARM_UP_ROUNDS;
        for (int round = 0; round < MAX_WARM_UP_ROUNDS; round++) {
            double now = wrk.run(t.url(NginxOrigin.SMALL), t.hostHeader(), MANY, warmUp, Optional.empty()).requestsPerSecond();
            rounds.add(String.format("%,.0f", now));
            if (round + 1 >= minimum && Math.abs(now - before) <= 0.05 * before) {
                break;
            }
            before = now;
        }
        System.out.println("  " + t.name() + ": requests/s in each round of " + warmUp.toSeconds() + " s: " + String.join(" → ", rounds));
        Duration quarter = Duration.ofSeconds(Math.max(1, warmUp.toSeconds() / 4));
        wrk.run(t.url(NginxOrigin.SMALL), t.hostHeader(), 1, quarter, Optional.empty());
        wrk.run(t.url(NginxOrigin.ONE_MB), t.hostHeader(), 1, quarter, Optional.empty());
        wrk.run(t.url(NginxOrigin.ECHO), t.hostHeader(), 1, quarter, Optional.of(postScript(origin)));
    }

    private Path postScript(NginxOrigin origin) throws IOException {
        Path script = workDir.resolve("post-5m.lua");
        if (!Files.exists(script)) {
            Files.writeString(script, """
                local f = assert(io.open("%s", "rb"))
                wrk.method = "POST"
                wrk.body = f:read("*a")
                f:close()
                wrk.headers["Content-Type"] = "application/octet-stream"
                """.formatted(origin.fiveMegabytes()));
        }
        return script;
    }

    private static Map<String, Long> cpu(Target t) {
        Map<String, Long> millis = new LinkedHashMap<>();
        t.processes().forEach((role, pid) -> millis.put(role, ProcessCpu.millis(pid)));
        return millis;
    }

    /**
     * Further loads with Flight Recorder on each Porthole JVM — small GETs at 16 connections (where the CPU goes),
     * small GETs at 1 connection (where a request's time goes: each hop's waits), 1 MB GETs, 5 MB round trips (where
     * big bodies' time goes) — and what each shows per request.
     */
    private void profile(List<Target> targets, NginxOrigin origin) throws IOException, InterruptedException {
        for (Target t : targets) {
            if (!t.name().startsWith("Porthole")) {
                continue;
            }
            profile(t, "small GETs, " + MANY + " connections", NginxOrigin.SMALL, MANY, Optional.empty());
            profile(t, "small GETs, 1 connection", NginxOrigin.SMALL, 1, Optional.empty());
            profile(t, "1 MB GETs, 1 connection", NginxOrigin.ONE_MB, 1, Optional.empty());
            profile(t, "5 MB round trips, 1 connection", NginxOrigin.ECHO, 1, Optional.of(postScript(origin)));
        }
    }

    private void profile(Target t, String load, String path, int connections, Optional<Path> script) throws IOException, InterruptedException {
        String slug = (t.name() + "-" + load).replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT);
        Map<String, JfrProfile> recordings = new LinkedHashMap<>();
        for (Map.Entry<String, Long> p : t.processes().entrySet()) {
            if (!p.getKey().equals("nginx")) {
                Path file = workDir.resolve(slug + "-" + p.getKey().replaceAll("[^A-Za-z0-9]+", "-") + ".jfr");
                recordings.put(p.getKey(), JfrProfile.start(System.getProperty("java.home"), p.getValue(), file));
            }
        }
        Map<String, Long> before = cpu(t);
        Wrk.Result result = wrk.run(t.url(path), t.hostHeader(), connections, measure, script);
        Map<String, Long> after = cpu(t);
        System.out.printf(Locale.ROOT, "%nProfile of %s, %s (while recording: %.0f requests/s, p50 %s):%n", t.name(), load,
            result.requestsPerSecond(), ms(result.p50()));
        for (Map.Entry<String, JfrProfile> r : recordings.entrySet()) {
            Path file = r.getValue().stop();
            System.out.println("— " + r.getKey() + " (" + file + "):");
            JfrProfile.print(file, result.requests(), after.get(r.getKey()) - before.get(r.getKey()), System.out);
        }
    }

    private void print(Map<Target, Figures> figures) {
        Figures direct = figures.values().iterator().next();
        System.out.println();
        System.out.println("| system | p50, 1 connection | p99, 1 connection | requests/s, " + MANY + " connections | 1 MB GET | 5 MB round trip | CPU ms per request (" + MANY + " connections) |");
        System.out.println("|---|---|---|---|---|---|---|");
        figures.forEach((t, f) -> System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", t.name(),
            ms(f.small.p50()) + errors(f.small), ms(f.small.p99()), String.format(Locale.ROOT, "%,.0f", f.many.requestsPerSecond()) + errors(f.many),
            ms(f.oneMegabyte.p50()) + errors(f.oneMegabyte), ms(f.roundTrip.p50()) + errors(f.roundTrip), cpu(f.cpuPerRequest)));
        System.out.println();
        System.out.println("Ratios to direct nginx in this run (the issue's table: Porthole 262× p50, 0.006 of the requests/s, 234× the 1 MB GET; "
            + "localtunnel 9.6×, 0.052, 7×):");
        System.out.println();
        System.out.println("| system | p50 | p99 | requests/s | 1 MB GET | 5 MB round trip |");
        System.out.println("|---|---|---|---|---|---|");
        figures.forEach((t, f) -> {
            if (f != direct) {
                System.out.printf(Locale.ROOT, "| %s | %s× | %s× | %s of direct | %s× | %s× |%n", t.name(), x(f.small.p50() / direct.small.p50()),
                    x(f.small.p99() / direct.small.p99()), String.format(Locale.ROOT, "%.3f", f.many.requestsPerSecond() / direct.many.requestsPerSecond()),
                    x(f.oneMegabyte.p50() / direct.oneMegabyte.p50()), x(f.roundTrip.p50() / direct.roundTrip.p50()));
            }
        });
        System.out.println();
        System.out.println("Issue 14's goals (printed, never asserted):");
        figures.forEach((t, f) -> {
            if (t.name().startsWith("Porthole")) {
                System.out.printf(Locale.ROOT, "  %s: p50 ≤ 1 ms %s, p99 ≤ 5 ms %s, ≥ 2,000 requests/s and ≥ 0.06 of direct %s, 1 MB GET ≤ 20 ms %s, "
                        + "5 MB round trip ≤ 100 ms %s%n", t.name(), met(f.small.p50() <= 1), met(f.small.p99() <= 5),
                    met(f.many.requestsPerSecond() >= 2000 && f.many.requestsPerSecond() >= 0.06 * direct.many.requestsPerSecond()),
                    met(f.oneMegabyte.p50() <= 20), met(f.roundTrip.p50() <= 100));
            }
        });
        figures.forEach((t, f) -> {
            if (f.harness != null) {
                System.out.printf(Locale.ROOT, "%n%s, small GETs at 1 connection: %.2f AWS calls per request %s; the agent's own part of a "
                        + "p50: %.3f ms (of which %.3f ms waiting for nginx), the rest (%.3f ms) in the backend and on the wire. "
                        + "After %d connections: %d execution environments.%n", t.name(), f.harness.awsCalls() / (double) f.small.requests(),
                    f.harness.calls(), f.harness.agentP50(), f.harness.originP50(), f.small.p50() - f.harness.agentP50(), MANY,
                    f.afterMany.environments());
            }
        });
        System.out.println();
        System.out.println("Every run (requests, seconds, p50/p75/p90/p99 ms, errors):");
        figures.forEach((t, f) -> {
            for (Map.Entry<String, Wrk.Result> run : Map.of("1 connection", f.small, MANY + " connections", f.many, "1 MB", f.oneMegabyte,
                "5 MB round trip", f.roundTrip).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                Wrk.Result r = run.getValue();
                System.out.printf(Locale.ROOT, "  %-40s %-16s %8d in %5.2f s  %s / %s / %s / %s  %d%n", t.name(), run.getKey(), r.requests(),
                    r.seconds(), f3(r.p50()), f3(r.p75()), f3(r.p90()), f3(r.p99()), r.errors());
            }
        });
    }

    private static String cpu(Map<String, Double> perRole) {
        List<String> parts = new ArrayList<>();
        perRole.forEach((role, ms) -> parts.add(role + " " + String.format(Locale.ROOT, "%.3f", ms)));
        return String.join(", ", parts);
    }

    private static String errors(Wrk.Result r) {
        return r.errors() == 0 ? "" : " (" + r.errors() + " errors)";
    }

    private static String met(boolean yes) {
        return yes ? "met" : "MISSED";
    }

    private static String ms(double millis) {
        return (millis >= 100 ? String.format(Locale.ROOT, "%.0f", millis) : millis >= 1 ? String.format(Locale.ROOT, "%.1f", millis)
            : String.format(Locale.ROOT, "%.3f", millis)) + " ms";
    }

    private static String f3(double millis) {
        return String.format(Locale.ROOT, "%.3f", millis);
    }

    private static String x(double ratio) {
        return ratio >= 10 ? String.format(Locale.ROOT, "%.0f", ratio) : String.format(Locale.ROOT, "%.1f", ratio);
    }
}
