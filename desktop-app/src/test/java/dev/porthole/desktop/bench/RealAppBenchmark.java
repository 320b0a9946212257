package dev.porthole.desktop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app as a person runs it, measured from outside: the real jar with the JVM options of its launchers
 * ({@code ./porthole}, the installed app; {@code -Dbench.jvmArgs} gives others) on an X display (Xvfb and openbox, started here unless
 * {@code DISPLAY} is set), its embedded backend, a real origin on loopback, and traffic through the tunnel the control
 * API creates: 10,000 requests, 50 of them with 1 MB bodies both ways. Prints the resident memory of the app's
 * processes (/proc/PID/status VmRSS) idle, at the highest during the traffic and after it, the threads, and how long
 * the app takes to exit once its window is closed (wmctrl, as a window manager's close button).
 *
 * <p>Run it with {@code ./mvnw -B -q -pl desktop-app -am -Pbenchmark -DskipTests verify}. It is not a test: it
 * asserts nothing and prints a table, with the targets beside the figures.
 */
public final class RealAppBenchmark {
    static final int REQUESTS = 10_000;
    static final int LARGE = 50;
    static final int LARGE_BYTES = 1024 * 1024;
    static final int CONCURRENCY = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("bench.jar", "desktop-app/target/porthole-desktop.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the app first: " + jar + " is missing");
        }
        List<Process> display = new ArrayList<>();
        String displayName = System.getenv("DISPLAY");
        if (displayName == null || displayName.isBlank()) {
            displayName = ":" + (90 + (int) (ProcessHandle.current().pid() % 50));
            display.add(new ProcessBuilder("Xvfb", displayName, "-screen", "0", "1400x900x24").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            Thread.sleep(1000);
            ProcessBuilder wm = new ProcessBuilder("openbox").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            wm.environment().put("DISPLAY", displayName);
            display.add(wm.start());
            Thread.sleep(1000);
        }
        Path config = Files.createTempDirectory("porthole-bench-");
        HttpServer origin = origin();
        Process app = null;
        try {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            // as ./porthole and the installed app run it, unless the run names its own options
            String jvmArgs = System.getProperty("bench.jvmArgs", "").strip();
            if (jvmArgs.isEmpty()) {
                jvmArgs = String.join(" ", dev.porthole.desktop.platform.BoundedHeap.JVM_OPTIONS) + " --enable-native-access=ALL-UNNAMED";
            }
            if (!jvmArgs.isEmpty()) {
                command.addAll(Arrays.asList(jvmArgs.split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString(), "--config-dir", config.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(config.resolveSibling(config.getFileName() + ".log").toFile());
            pb.environment().put("DISPLAY", displayName);
            String env = System.getProperty("bench.env", "").strip();
            for (String pair : env.isEmpty() ? new String[0] : env.split(",")) {
                pb.environment().put(pair.substring(0, pair.indexOf('=')).strip(), pair.substring(pair.indexOf('=') + 1).strip());
            }
            long launched = System.nanoTime();
            app = pb.start();
            Path controlFile = config.resolve("control.json");
            waitFor(() -> Files.exists(controlFile), Duration.ofSeconds(120), "control.json");
            JsonNode control = JSON.readTree(controlFile.toFile());
            URI api = URI.create(control.get("url").asText());
            String token = control.get("token").asText();
            long startedMs = (System.nanoTime() - launched) / 1_000_000;

            Thread.sleep(10_000);
            long idle = rss(app);
            int idleThreads = threads(app);
            if (Boolean.getBoolean("bench.inspect")) {
                System.out.println("idle:");
                memory(app);
            }

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            call(http, api, token, "POST", "/api/tunnels",
                    "{\"name\": \"bench\", \"localPort\": " + origin.getAddress().getPort() + "}");
            URI publicUrl = waitForOnline(http, api, token);

            AtomicLong peak = new AtomicLong(idle);
            Process running = app;
            Thread appSampler = Thread.ofPlatform().daemon().start(() -> {
                while (running.isAlive()) {
                    try {
                        peak.accumulateAndGet(rss(running), Math::max);
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long burstStart = System.nanoTime();
            int[] failures = traffic(publicUrl);
            long burstMs = (System.nanoTime() - burstStart) / 1_000_000;
            waitFor(() -> logged(http, api, token) >= Math.min(REQUESTS, 10_000), Duration.ofSeconds(120), "the log to hold every request");
            Thread.sleep(10_000);
            long after = rss(app);
            int afterThreads = threads(app);
            appSampler.interrupt();
            // pools of idle threads end after 30 to 60 s, and the collector gives back what the idle app does not use
            if (Boolean.getBoolean("bench.inspect")) {
                timeline(app, Duration.ofSeconds(60));
            } else {
                Thread.sleep(60_000);
            }
            long settled = rss(app);
            int settledThreads = threads(app);

            if (Boolean.getBoolean("bench.inspect")) {
                inspect(app, config);
            }
            if (Boolean.getBoolean("bench.keep")) {
                System.out.println("the app keeps running as process " + app.pid() + " on DISPLAY " + displayName
                        + "; the benchmark waits for it to end");
                app.waitFor();
            }
            ProcessBuilder close = new ProcessBuilder("wmctrl", "-c", "Porthole").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            close.environment().put("DISPLAY", displayName);
            long closing = System.nanoTime();
            close.start().waitFor();
            boolean exited = app.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            long exitMs = (System.nanoTime() - closing) / 1_000_000;

            System.out.println();
            System.out.println("Porthole, the real jar (" + (System.getProperty("bench.env", "").isBlank() ? "" : System.getProperty("bench.env") + " ")
                    + "java " + jvmArgs + " -jar"
                    + "), embedded backend, " + String.format(Locale.ROOT, "%,d", REQUESTS) + " requests through a tunnel ("
                    + LARGE + " with 1 MB bodies both ways, " + CONCURRENCY + " at a time) in " + burstMs + " ms, "
                    + failures[0] + " failed; machine load " + String.format(Locale.ROOT, "%.1f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            System.out.println("| what | measured | target |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| start to control.json | %,d ms | |%n", startedMs);
            System.out.printf(Locale.ROOT, "| RSS idle (10 s after start) | %d MB, %d threads | |%n", idle >> 10, idleThreads);
            System.out.printf(Locale.ROOT, "| RSS highest during the traffic | %d MB | |%n", peak.get() >> 10);
            System.out.printf(Locale.ROOT, "| RSS after the traffic (10 s later) | %d MB, %d threads | ≤ 400 MB |%n", after >> 10, afterThreads);
            System.out.printf(Locale.ROOT, "| RSS a minute later | %d MB, %d threads | |%n", settled >> 10, settledThreads);
            System.out.printf(Locale.ROOT, "| exit after the window is closed | %s | ≤ 2 s |%n", exited ? exitMs + " ms" : "did not exit in 60 s");
        } finally {
            if (app != null && app.isAlive()) {
                app.descendants().forEach(ProcessHandle::destroyForcibly);
                app.destroyForcibly();
            }
            origin.stop(0);
            display.forEach(Process::destroy);
        }
    }

    /**
     * {@code -Dbench.inspect=true}: what holds the memory and the threads after the traffic, from jcmd (thread names
     * counted, the classes with most instances, the native memory summary when the app runs with NMT).
     */
    static void inspect(Process app, Path config) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (ProcessHandle p : java.util.stream.Stream.concat(java.util.stream.Stream.of(app.toHandle()), app.descendants()).toList()) {
            String pid = Long.toString(p.pid());
            String threads = new String(new ProcessBuilder(jcmd, pid, "Thread.print").start().getInputStream().readAllBytes());
            java.util.Map<String, Integer> byName = threadNames(threads);
            System.out.println("threads of " + pid + ": " + byName);
            Files.writeString(config.resolveSibling(config.getFileName() + "-threads.txt"), threads);
            String histogram = new String(new ProcessBuilder(jcmd, pid, "GC.class_histogram").start().getInputStream().readAllBytes());
            System.out.println(histogram.lines().limit(25).collect(java.util.stream.Collectors.joining("\n")));
            System.out.println(new String(new ProcessBuilder(jcmd, pid, "GC.heap_info").start().getInputStream().readAllBytes()));
            Path dump = config.resolveSibling(config.getFileName() + "-" + pid + ".hprof");
            new ProcessBuilder(jcmd, pid, "GC.heap_dump", dump.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            System.out.println("heap dump (live objects): " + dump);
        }
        System.out.println("after the traffic:");
        memory(app);
    }

    /** Threads counted by name, digits folded ("qtp123-45" → "qtpN-N"). */
    static java.util.Map<String, Integer> threadNames(String threadDump) {
        java.util.Map<String, Integer> byName = new java.util.TreeMap<>();
        for (String line : threadDump.lines().toList()) {
            if (line.startsWith("\"")) {
                String name = line.substring(1, line.indexOf('"', 1)).replaceAll("\\d+", "N");
                byName.merge(name, 1, Integer::sum);
            }
        }
        return byName;
    }

    /** What the app holds, every 5 s while it settles: where memory goes back first. */
    static void timeline(Process app, Duration length) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        System.out.println("| after the traffic | RSS | anonymous | threads | heap committed / used |");
        System.out.println("|---|---|---|---|---|");
        long start = System.nanoTime();
        for (long at = 0; at <= length.toSeconds(); at += 5) {
            Thread.sleep(Math.max(0, at * 1000 - (System.nanoTime() - start) / 1_000_000));
            String heap = new String(new ProcessBuilder(jcmd, Long.toString(app.pid()), "GC.heap_info").start().getInputStream().readAllBytes());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("committed (\\d+)K, used (\\d+)K").matcher(heap);
            String committed = m.find() ? (Long.parseLong(m.group(1)) >> 10) + " / " + (Long.parseLong(m.group(2)) >> 10) + " MB" : "?";
            System.out.printf(Locale.ROOT, "| +%d s | %d MB | %d MB | %d | %s |%n", at + 10, rss(app) >> 10,
                    field(app.toHandle(), "RssAnon:") >> 10, threads(app), committed);
            if (at == 0 || at == 30) {
                System.out.println("threads at +" + (at + 10) + " s: " + threadNames(new String(new ProcessBuilder(jcmd,
                        Long.toString(app.pid()), "Thread.print").start().getInputStream().readAllBytes())));
            }
        }
    }

    /** The JVM's own accounting (when the app runs with NMT) and what is resident by mapping, for each process. */
    static void memory(Process app) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (ProcessHandle p : java.util.stream.Stream.concat(java.util.stream.Stream.of(app.toHandle()), app.descendants()).toList()) {
            String pid = Long.toString(p.pid());
            System.out.println(new String(new ProcessBuilder(jcmd, pid, "VM.native_memory", "summary").start().getInputStream().readAllBytes())
                    .lines().filter(l -> l.startsWith("-") || l.startsWith("Total")).collect(java.util.stream.Collectors.joining("\n")));
            System.out.println(residentByMapping(pid));
        }
    }

    /**
     * What the process has resident, by what is mapped ({@code pmap -x}): the JVM's own accounting (NMT) misses native
     * libraries and what they allocate with malloc, which this shows as anonymous memory beside the libraries.
     */
    static String residentByMapping(String pid) throws IOException {
        String pmap = new String(new ProcessBuilder("pmap", "-x", pid).redirectErrorStream(true).start().getInputStream().readAllBytes());
        java.util.Map<String, Long> kb = new java.util.HashMap<>();
        for (String line : pmap.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || !f[0].matches("[0-9a-f]{8,}")) {
                continue;
            }
            String name = String.join(" ", java.util.Arrays.copyOfRange(f, 5, f.length));
            kb.merge(name.startsWith("/") ? Path.of(name).getFileName().toString() : name, Long.parseLong(f[2]), Long::sum);
        }
        return "resident by mapping (KB): " + kb.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(30).map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(", "))
                + "; " + rssSplit(ProcessHandle.of(Long.parseLong(pid)).orElseThrow());
    }

    /** Answers a POST with its own body (1 MB in, 1 MB out), anything else with a little JSON. */
    static HttpServer origin() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            byte[] out = exchange.getRequestMethod().equals("POST") ? in
                    : ("{\"path\":\"" + exchange.getRequestURI().getRawPath() + "\",\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", exchange.getRequestMethod().equals("POST")
                    ? "application/octet-stream" : "application/json");
            exchange.sendResponseHeaders(200, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    /** {failed} */
    static int[] traffic(URI publicUrl) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        byte[] large = new byte[LARGE_BYTES];
        new java.util.Random(1).nextBytes(large);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        int every = REQUESTS / LARGE;
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < REQUESTS) {
                    HttpRequest request = i % every == 0
                            ? HttpRequest.newBuilder(publicUrl.resolve("upload/" + i)).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(large)).build()
                            : HttpRequest.newBuilder(publicUrl.resolve("api/items/" + i + "?page=" + (i % 7))).timeout(Duration.ofSeconds(60))
                            .header("Accept", "application/json").GET().build();
                    try {
                        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        return new int[]{failed.get()};
    }

    static URI waitForOnline(HttpClient http, URI api, String token) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < until) {
            JsonNode tunnels = JSON.readTree(call(http, api, token, "GET", "/api/tunnels", null));
            for (JsonNode t : tunnels) {
                if (t.get("name").asText().equals("bench") && t.get("status").asText().equals("online")) {
                    return URI.create(t.get("publicUrl").asText());
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the tunnel did not come online within 90 s");
    }

    static int logged(HttpClient http, URI api, String token) {
        try {
            return JSON.readTree(call(http, api, token, "GET", "/api/requests?limit=100000", null)).size();
        } catch (Exception e) {
            return -1;
        }
    }

    static String call(HttpClient http, URI api, String token, String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** VmRSS of the app and every process it started, in KB. */
    static long rss(Process app) {
        long total = rssOf(app.toHandle());
        for (ProcessHandle child : app.descendants().toList()) {
            total += rssOf(child);
        }
        return total;
    }

    static long rssOf(ProcessHandle p) {
        return field(p, "VmRSS:");
    }

    /** RssAnon, RssFile and RssShmem of /proc/PID/status: memory of its own, mapped files (libraries, jars), shared. */
    static String rssSplit(ProcessHandle p) {
        return "anonymous " + (field(p, "RssAnon:") >> 10) + " MB, files " + (field(p, "RssFile:") >> 10) + " MB, shared "
                + (field(p, "RssShmem:") >> 10) + " MB";
    }

    static int threads(Process app) {
        return (int) (field(app.toHandle(), "Threads:") + app.descendants().mapToLong(c -> field(c, "Threads:")).sum());
    }

    private static long field(ProcessHandle p, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    interface Check {
        boolean done() throws Exception;
    }

    static void waitFor(Check check, Duration timeout, String what) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (!check.done()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("waited " + timeout.toSeconds() + " s for " + what);
            }
            Thread.sleep(200);
        }
    }
}
