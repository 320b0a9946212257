package dev.porthole.agent.bench;

import dev.porthole.agent.AgentOptions;
import dev.porthole.agent.TunnelAgent;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.testing.Bytes;
import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.local.LocalBackend;
import dev.porthole.local.LocalBackendOptions;
import dev.porthole.protocol.HttpHeaders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import dev.porthole.local.testing.AwsCallCounter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the tunnel costs, measured: starts a local HTTP server (the origin), the local backend (the real Lambda
 * handler behind a local API Gateway, on DynamoDB Local) and an agent, then compares calling the origin directly
 * with calling it through the tunnel, and counts the AWS API calls each forwarded request makes.
 *
 * <p>Run it with {@code ./mvnw -B -q -pl agent -am -Pbenchmark -DskipTests verify} (see docs/agent.md). It is
 * not a test: it asserts nothing and prints a table, with the targets beside the figures.
 */
public final class TunnelBenchmark {
    private static final int WARMUP = 500;
    private static final int LATENCY_SAMPLES = 2_000;
    private static final int CONNECTIONS = 16;
    private static final Duration THROUGHPUT_WINDOW = Duration.ofSeconds(5);
    private static final int LARGE_BODY = 5 * 1024 * 1024;
    private static final int LARGE_RUNS = 5;
    private static final int AWS_SAMPLES = 300;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).build();

    public static void main(String[] args) throws Exception {
        new TunnelBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        String token = "benchmark-" + Long.toHexString(System.nanoTime());
        byte[] large = Bytes.random(LARGE_BODY, 42);
        try (Origin origin = Origin.start();
             LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(token));
             TunnelAgent agent = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), token, origin.port())
                 .localHost("127.0.0.1")
                 .heartbeatInterval(Duration.ofMinutes(9)) // no pings inside the measurements
                 .build())) {
            origin.handler(r -> r.method().equals("POST")
                ? new Answer(200, HttpHeaders.of("Content-Type", "application/octet-stream"), r.body())
                : Answer.text(200, "hello"));
            agent.start();
            TunnelStatus status = agent.awaitOnline(Duration.ofSeconds(60));
            if (!(status instanceof TunnelStatus.Online online)) {
                throw new IllegalStateException("the tunnel did not come online: " + status);
            }
            URI direct = URI.create("http://127.0.0.1:" + origin.port() + "/small");
            URI tunnel = URI.create(online.publicUrl() + "small");
            System.out.println("Porthole tunnel benchmark — " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + Runtime.version() + "; warming up…");

            latencies(direct, WARMUP);
            latencies(tunnel, WARMUP);
            long[] directLatency = latencies(direct, LATENCY_SAMPLES);
            agent.clearExchanges();
            long[] tunnelLatency = latencies(tunnel, LATENCY_SAMPLES);
            long[] inAgent = agent.exchanges().stream().mapToLong(e -> e.timings().total().toNanos()).sorted().toArray();
            long[] atOrigin = agent.exchanges().stream().mapToLong(e -> e.timings().local().toNanos()).sorted().toArray();
            double directRps = throughput(direct);
            double tunnelRps = throughput(tunnel);
            long[] directLarge = roundTrips(URI.create("http://127.0.0.1:" + origin.port() + "/large"), large);
            agent.clearExchanges();
            long[] tunnelLarge = roundTrips(URI.create(online.publicUrl() + "large"), large);
            long[] largeInAgent = agent.exchanges().stream().mapToLong(e -> e.timings().total().toMillis()).sorted().toArray();
            long[] largeAtOrigin = agent.exchanges().stream().mapToLong(e -> e.timings().local().toMillis()).sorted().toArray();

            AwsCallCounter.reset();
            latencies(tunnel, AWS_SAMPLES);
            Map<String, Long> calls = AwsCallCounter.calls();
            double callsPerRequest = calls.values().stream().mapToLong(Long::longValue).sum() / (double) AWS_SAMPLES;

            agent.clearExchanges();
            print(directLatency, tunnelLatency, directRps, tunnelRps, directLarge, tunnelLarge, calls, callsPerRequest);
            System.out.printf(Locale.ROOT, "Where a small tunnelled GET's p50 goes: %s ms in the agent (of which %s ms waiting for the origin), "
                    + "%s ms in the backend and on the wire.%n", f(ms(percentile(inAgent, 50))), f(ms(percentile(atOrigin, 50))),
                f(ms(percentile(tunnelLatency, 50)) - ms(percentile(inAgent, 50))));
            System.out.printf(Locale.ROOT, "Where a 5 MB round trip's median goes: %d ms in the agent (from the last request chunk "
                    + "to the last response chunk sent; %d ms of it with the origin), the rest in the backend and on the wire.%n",
                largeInAgent[largeInAgent.length / 2], largeAtOrigin[largeAtOrigin.length / 2]);
        }
    }

    /** Sequential small GETs; the time of each, in nanoseconds, sorted. */
    private long[] latencies(URI uri, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            times[i] = System.nanoTime() - start;
            check(response, 200);
        }
        Arrays.sort(times);
        return times;
    }

    /** Requests per second with {@link #CONNECTIONS} clients each sending one request after the other. */
    private double throughput(URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        LongAdder done = new LongAdder();
        long until = System.nanoTime() + THROUGHPUT_WINDOW.toNanos();
        CountDownLatch finished = new CountDownLatch(CONNECTIONS);
        List<Throwable> errors = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < CONNECTIONS; c++) {
            Thread.ofPlatform().start(() -> {
                try {
                    while (System.nanoTime() < until) {
                        check(client.send(request, HttpResponse.BodyHandlers.ofByteArray()), 200);
                        done.increment();
                    }
                } catch (Exception e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("requests failed during the throughput run", errors.getFirst());
        }
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    /** POST {@code body} and read it back whole; milliseconds per round trip, sorted. */
    private long[] roundTrips(URI uri, byte[] body) throws Exception {
        long[] millis = new long[LARGE_RUNS];
        for (int i = 0; i < LARGE_RUNS; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            check(response, 200);
            if (!Arrays.equals(response.body(), body)) {
                throw new IllegalStateException("the 5 MB body came back different from " + uri);
            }
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void check(HttpResponse<byte[]> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": "
                + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static void print(long[] directLatency, long[] tunnelLatency, double directRps, double tunnelRps,
                              long[] directLarge, long[] tunnelLarge, Map<String, Long> calls, double callsPerRequest) {
        double d50 = ms(percentile(directLatency, 50));
        double d99 = ms(percentile(directLatency, 99));
        double t50 = ms(percentile(tunnelLatency, 50));
        double t99 = ms(percentile(tunnelLatency, 99));
        long dLarge = directLarge[directLarge.length / 2];
        long tLarge = tunnelLarge[tunnelLarge.length / 2];
        System.out.println();
        System.out.println("| measure                                  |     direct |     tunnel |      ratio | target                  |");
        System.out.println("|------------------------------------------|-----------:|-----------:|-----------:|-------------------------|");
        row("small GET latency p50 (ms)", d50, t50, t50 / d50, verdict(t50 - d50 <= 2.0, "added ≤ 2 ms: " + f(t50 - d50) + " ms"));
        row("small GET latency p99 (ms)", d99, t99, t99 / d99, "");
        row("requests/s, " + CONNECTIONS + " connections", directRps, tunnelRps, tunnelRps / directRps,
            verdict(tunnelRps >= directRps / 2, "tunnel ≥ 50 % of direct"));
        row("5 MB round trip, median of " + LARGE_RUNS + " (ms)", dLarge, tLarge, tLarge / (double) Math.max(1, dLarge), "");
        System.out.printf(Locale.ROOT, "| %-40s | %10s | %10s | %10s | %-23s |%n", "AWS calls per warm request", "-",
            f(callsPerRequest), "-", verdict(callsPerRequest <= 3, "≤ 3"));
        System.out.println();
        System.out.println("AWS calls during " + AWS_SAMPLES + " warm tunnel requests: " + calls);
    }

    private static void row(String name, double direct, double tunnel, double ratio, String target) {
        System.out.printf(Locale.ROOT, "| %-40s | %10s | %10s | %9sx | %-23s |%n", name, f(direct), f(tunnel), f(ratio), target);
    }

    private static String verdict(boolean met, String target) {
        return (met ? "met: " : "MISSED: ") + target;
    }

    private static String f(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
