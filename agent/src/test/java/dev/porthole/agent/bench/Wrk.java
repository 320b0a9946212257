package dev.porthole.agent.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator: runs {@code wrk} (installed by benchmarks/run.sh) and reads what it prints — requests, the
 * latency distribution of {@code --latency}, errors.
 */
final class Wrk {
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|75|90|99)(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s|m)\\s*$");
    private static final Pattern REQUESTS = Pattern.compile("^\\s*(\\d+) requests in ([\\d.]+)(us|ms|s|m),");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    /** What one run measured. Latencies in milliseconds. */
    record Result(long requests, double seconds, double p50, double p75, double p90, double p99, long errors, String output) {
        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private final String executable;

    private Wrk(String executable) {
        this.executable = executable;
    }

    /** @throws IllegalStateException when wrk is not installed, saying how to get it */
    static Wrk find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Path.of(dir, "wrk").toFile().canExecute()) {
                return new Wrk(Path.of(dir, "wrk").toString());
            }
        }
        throw new IllegalStateException("wrk is not installed: run benchmarks/run.sh (it installs nginx and wrk), "
            + "or apt-get install wrk");
    }

    String version() {
        try {
            Process p = new ProcessBuilder(executable, "-v").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return text.lines().findFirst().orElse("wrk").replaceFirst("\\s*\\[.*$", "").trim();
        } catch (IOException | InterruptedException e) {
            return "wrk";
        }
    }

    /**
     * Sends requests on {@code connections} connections, each waiting for its answer before the next, for
     * {@code duration}.
     *
     * @param script a wrk Lua script (the large POST), or empty for GETs
     */
    Result run(URI url, Optional<String> hostHeader, int connections, Duration duration, Optional<Path> script) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable, "-t" + Math.min(connections, 2), "-c" + connections,
            "-d" + duration.toSeconds() + "s", "--latency", "--timeout", "30s"));
        hostHeader.ifPresent(h -> command.addAll(List.of("-H", "Host: " + h)));
        script.ifPresent(s -> command.addAll(List.of("-s", s.toString())));
        command.add(url.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("wrk did not finish: " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new IOException("wrk failed (" + process.exitValue() + "): " + output);
        }
        return parse(output);
    }

    static Result parse(String output) {
        double[] percentiles = new double[4];
        long requests = -1;
        double seconds = 0;
        long errors = 0;
        for (String line : output.lines().toList()) {
            Matcher m = PERCENTILE.matcher(line);
            if (m.matches()) {
                int index = switch (m.group(1)) {
                    case "50" -> 0;
                    case "75" -> 1;
                    case "90" -> 2;
                    default -> 3;
                };
                percentiles[index] = millis(Double.parseDouble(m.group(2)), m.group(3));
                continue;
            }
            m = REQUESTS.matcher(line);
            if (m.find()) {
                requests = Long.parseLong(m.group(1));
                seconds = millis(Double.parseDouble(m.group(2)), m.group(3)) / 1000;
                continue;
            }
            m = SOCKET_ERRORS.matcher(line);
            if (m.find()) {
                for (int g = 1; g <= 4; g++) {
                    errors += Long.parseLong(m.group(g));
                }
                continue;
            }
            m = NON_2XX.matcher(line);
            if (m.find()) {
                errors += Long.parseLong(m.group(1));
            }
        }
        if (requests < 0) {
            throw new IllegalStateException("could not read wrk's output:\n" + output);
        }
        return new Result(requests, seconds, percentiles[0], percentiles[1], percentiles[2], percentiles[3], errors, output);
    }

    private static double millis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
    }
}
