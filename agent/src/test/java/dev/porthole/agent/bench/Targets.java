package dev.porthole.agent.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts each system the benchmark compares, as a person would run it, in processes of their own. */
final class Targets {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path root;
    private final String java;
    private final Path workDir;
    private final NginxOrigin origin;
    private final String token = "benchmark-" + Long.toHexString(System.nanoTime()) + Long.toHexString(Double.doubleToLongBits(Math.random()));

    Targets(Path root, String java, Path workDir, NginxOrigin origin) {
        this.root = root;
        this.java = java;
        this.workDir = workDir;
        this.origin = origin;
    }

    /** nginx itself, no tunnel. */
    Target direct() {
        return new Target("direct nginx", origin.url(), Optional.empty(), Map.of("nginx", origin.pid()), List.of(), Optional.empty());
    }

    /**
     * {@code java -jar local-backend/target/porthole-local.jar} and {@code java -jar agent/target/porthole-agent.jar}: the
     * standalone local backend (its default, fast runtime) and the command-line agent.
     */
    Target portholeJars() throws IOException, InterruptedException {
        return portholeJars("Porthole (jars)", List.of());
    }

    /** The same, each JVM started with {@code javaOptions} too (an A/B comparison of JVM settings in one run). */
    Target portholeJars(String name, List<String> javaOptions) throws IOException, InterruptedException {
        Path backendJar = jar("local-backend/target/porthole-local.jar");
        Path agentJar = jar("agent/target/porthole-agent.jar");
        Map<String, String> env = Map.of("PORTHOLE_TOKEN", token);
        String suffix = javaOptions.isEmpty() ? "" : "-variant";
        ChildProcess backend = ChildProcess.start("porthole-local" + suffix, command(javaOptions, "-jar", backendJar.toString(), "--port", "0",
            "--in-memory"), env, workDir);
        try {
            Matcher ready = backend.awaitLine(Pattern.compile("^websocket=(\\S+) public=(\\S+)"), START_TIMEOUT);
            ChildProcess agent = ChildProcess.start("porthole-agent" + suffix, command(javaOptions, "-jar", agentJar.toString(), "http",
                Integer.toString(origin.port()), "--backend", ready.group(1), "--host", "127.0.0.1"), env, workDir);
            try {
                Matcher online = agent.awaitLine(Pattern.compile("^Forwarding (\\S+) -> "), START_TIMEOUT);
                Map<String, Long> processes = new LinkedHashMap<>();
                processes.put("backend", backend.pid());
                processes.put("agent", agent.pid());
                processes.put("nginx", origin.pid());
                return new Target(name, slashed(online.group(1)), Optional.empty(), processes, List.of(backend, agent), Optional.empty());
            } catch (IOException | InterruptedException | RuntimeException e) {
                agent.close();
                throw e;
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** The desktop app's path: the embedded local backend and an in-process agent in one JVM ({@link EmbeddedHarness}). */
    Target embedded() throws IOException, InterruptedException {
        Path data = Files.createDirectories(workDir.resolve("embedded-data"));
        ChildProcess harness = ChildProcess.start("porthole-embedded", List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Djava.util.logging.config.file=" + root.resolve(".mvn/test-logging.properties"), "-Ddev.porthole.level=WARNING",
                "-cp", System.getProperty("java.class.path"), EmbeddedHarness.class.getName(), Integer.toString(origin.port()), data.toString()),
            Map.of("PORTHOLE_TOKEN", token), workDir);
        try {
            Matcher online = harness.awaitLine(Pattern.compile("^public=(\\S+)"), START_TIMEOUT);
            Map<String, Long> processes = new LinkedHashMap<>();
            processes.put("backend+agent", harness.pid());
            processes.put("nginx", origin.pid());
            return new Target("Porthole (desktop's embedded backend)", slashed(online.group(1)), Optional.empty(), processes,
                List.of(harness), Optional.of(new EmbeddedHarness.Control(harness)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            harness.close();
            throw e;
        }
    }

    /**
     * Another tunnel to compare with, started by {@code script <origin-port>}, which prints one line
     * {@code url=<base URL> host=<Host header or -> pids=<pid,pid,…>} once it forwards, and is stopped with its
     * children at the end. Nothing of the other tunnel is part of Porthole: the script lives outside the repository.
     */
    Target compared(Path script) throws IOException, InterruptedException {
        String name = script.getFileName().toString().replaceFirst("\\.sh$", "");
        ChildProcess process = ChildProcess.start("compare-" + name, List.of(script.toString(), Integer.toString(origin.port())), Map.of(), workDir);
        try {
            Matcher line = process.awaitLine(Pattern.compile("^url=(\\S+) host=(\\S+) pids=(\\S+)"), START_TIMEOUT);
            Map<String, Long> processes = new LinkedHashMap<>();
            String[] pids = line.group(3).split(",");
            for (int i = 0; i < pids.length; i++) {
                processes.put(pids.length == 1 ? name : name + " " + (i + 1), Long.parseLong(pids[i].trim()));
            }
            processes.put("nginx", origin.pid());
            Optional<String> host = line.group(2).equals("-") ? Optional.empty() : Optional.of(line.group(2));
            return new Target(name, slashed(line.group(1)), host, processes, List.of(process), Optional.empty());
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private List<String> command(List<String> javaOptions, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(javaOptions);
        command.addAll(List.of(args));
        return command;
    }

    private Path jar(String relative) {
        Path jar = root.resolve(relative);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (benchmarks/run.sh does)");
        }
        return jar;
    }

    private static URI slashed(String url) {
        return URI.create(url.endsWith("/") ? url : url + "/");
    }
}
