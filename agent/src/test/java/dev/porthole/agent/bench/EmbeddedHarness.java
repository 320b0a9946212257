package dev.porthole.agent.bench;

import dev.porthole.agent.AgentOptions;
import dev.porthole.agent.TunnelAgent;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.local.LocalBackend;
import dev.porthole.local.LocalBackendOptions;
import dev.porthole.local.testing.AwsCallCount;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The desktop app's path in one JVM, started as the app starts it: the local backend as
 * {@code dev.porthole.desktop.backend.EmbeddedLocalBackend} does (loopback, tunnels kept on disk) and a
 * {@link TunnelAgent} with the options {@code AgentTunnelService} gives a tunnel to {@code 127.0.0.1:<port>}.
 * The benchmark runs it as a process of its own so that its CPU time is the app's alone.
 *
 * <p>{@code java -cp <test classpath> dev.porthole.agent.bench.EmbeddedHarness <origin-port> <data-dir>}, token in
 * {@code PORTHOLE_TOKEN}. Prints {@code public=<url>} once online, then answers {@code reset N} and {@code stats N}
 * on standard input (AWS calls counted by {@link AwsCallCount}, execution environments, the agent's own timings);
 * stops when standard input closes.
 */
public final class EmbeddedHarness {
    private EmbeddedHarness() {
    }

    public static void main(String[] args) throws Exception {
        dev.porthole.agent.VirtualThreadPolling.usePlatformPollerThreads(); // as the desktop app's Launcher does
        int originPort = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]);
        String token = System.getenv("PORTHOLE_TOKEN");
        LocalBackendOptions options = LocalBackendOptions.inMemory(token).withBindHost("127.0.0.1").withDataDirectory(dataDir);
        try (LocalBackend backend = LocalBackend.start(options);
             TunnelAgent agent = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), token, originPort)
                 .localHost("127.0.0.1")
                 .hostHeader(AgentOptions.HostHeader.LOCAL)
                 .build())) {
            agent.start();
            TunnelStatus status = agent.awaitOnline(Duration.ofSeconds(60));
            if (!(status instanceof TunnelStatus.Online online)) {
                System.err.println("the tunnel did not come online: " + status);
                System.exit(1);
                return;
            }
            System.out.println("public=" + online.publicUrl());
            System.out.flush();
            AwsCallCount awsCalls = AwsCallCount.startingNow(backend.hooks());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                String[] words = line.trim().split(" ");
                switch (words[0]) {
                    case "reset" -> {
                        awsCalls = AwsCallCount.startingNow(backend.hooks());
                        agent.clearExchanges();
                        System.out.println("reset " + words[1]);
                    }
                    case "stats" -> {
                        long[] inAgent = agent.exchanges().stream().mapToLong(e -> e.timings().total().toNanos()).sorted().toArray();
                        long[] atOrigin = agent.exchanges().stream().mapToLong(e -> e.timings().local().toNanos()).sorted().toArray();
                        System.out.printf(Locale.ROOT, "stats %s calls=%d environments=%d exchanges=%d agentP50=%.3f originP50=%.3f detail=%s%n",
                            words[1], awsCalls.total(), backend.hooks().executionEnvironments(), inAgent.length,
                            median(inAgent) / 1e6, median(atOrigin) / 1e6, awsCalls.calls().toString().replace(" ", ""));
                    }
                    default -> System.out.println("unknown " + line);
                }
                System.out.flush();
            }
        }
        System.exit(0);
    }

    private static double median(long[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    /** The benchmark's side: asks the harness for its figures. */
    static final class Control {
        private static final Pattern STATS = Pattern.compile("^stats (\\d+) calls=(\\d+) environments=(\\d+) exchanges=(\\d+) "
            + "agentP50=(\\S+) originP50=(\\S+) detail=(\\S*)$");
        private final ChildProcess process;
        private int sequence;

        Control(ChildProcess process) {
            this.process = process;
        }

        /** Statistics since the last reset. */
        record Stats(long awsCalls, int environments, long exchanges, double agentP50, double originP50, String calls) {
        }

        void reset() throws IOException, InterruptedException {
            int n = ++sequence;
            process.tell("reset " + n);
            process.awaitLine(Pattern.compile("^reset " + n + "$"), Duration.ofSeconds(10));
        }

        Stats stats() throws IOException, InterruptedException {
            int n = ++sequence;
            process.tell("stats " + n);
            // the output holds every answer so far: take this one's
            Matcher m = process.awaitLine(Pattern.compile("^stats " + n + " .*$"), Duration.ofSeconds(10));
            Matcher fields = STATS.matcher(m.group());
            if (!fields.matches()) {
                throw new IOException("unreadable stats line: " + m.group());
            }
            return new Stats(Long.parseLong(fields.group(2)), Integer.parseInt(fields.group(3)), Long.parseLong(fields.group(4)),
                Double.parseDouble(fields.group(5)), Double.parseDouble(fields.group(6)), fields.group(7));
        }
    }
}
