package dev.porthole.local;

import dev.porthole.protocol.Established;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.Ping;
import dev.porthole.protocol.Ready;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One token holder flooding its connection cannot hold up another tunnel: the agents' stage throttle refuses most of the
 * flood before it reaches the function ("Too Many Requests"), the function ignores a connection's messages past its
 * budget (telling it once with {@code too_many_messages}, then closing the connection), and the other tunnel's requests
 * go on being answered. The other tunnel's latency is printed, not asserted.
 */
class FairnessTest {
    /** What the probe sent in half a second. */
    private static final int FLOOD = 20_000;
    private static LocalBackend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void aFloodOfPingsFromOneConnectionIsCutOffAndAnotherTunnelKeepsBeingServed() throws Exception {
        try (TestAgent honest = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN);
             RawFlooder flooder = RawFlooder.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established tunnel = honest.ready();
            flooder.sendText(MessageCodec.encode(new Ready(Handshake.PROTOCOL_VERSION, "flooder/1")));
            AtomicBoolean serving = new AtomicBoolean(true);
            List<String> answerFailures = new CopyOnWriteArrayList<>();
            Thread answering = Thread.ofVirtual().start(() -> answer(honest, serving, answerFailures));
            List<Long> before = latencies(tunnel, 20);

            byte[] ping = RawFlooder.frame(MessageCodec.encode(new Ping(1)));
            long floodStarted = System.nanoTime();
            // on a thread of its own: the flooder is another machine, and in the common fork-join pool (one worker on
            // two cores) this loop would hold up everything else in the process that runs there
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                // the burst, then more for as long as the backend lets the connection live (at most 20 s)
                flooder.send(ping, FLOOD);
                while (!flooder.closed().isDone() && System.nanoTime() - floodStarted < TimeUnit.SECONDS.toNanos(20)) {
                    if (!flooder.send(ping, 10)) {
                        return;
                    }
                    sleep(20);
                }
            }, task -> Thread.ofPlatform().name("flooder").daemon().start(task));
            List<Long> during = new ArrayList<>();
            while (!flood.isDone()) {
                during.addAll(latencies(tunnel, 1));
            }
            long floodMillis = (System.nanoTime() - floodStarted) / 1_000_000;
            List<Long> after = latencies(tunnel, 10);
            serving.set(false);
            answering.join();

            System.out.printf("Another tunnel's requests, one at a time: before the flood p50 %d ms, p99 %d ms; during it (%d "
                    + "requests in %d ms) p50 %d ms, p99 %d ms, max %d ms; after it p50 %d ms%n", percentile(before, 50),
                percentile(before, 99), during.size(), floodMillis, percentile(during, 50), percentile(during, 99),
                Collections.max(during), percentile(after, 50));
            System.out.printf("The flood: %,d \"Too Many Requests\" from the stage throttle, %d too_many_messages from the "
                + "function, closed with %s; %d execution environments%n", flooder.throttleNotices(), flooder.tooManyMessages(),
                flooder.closed().getNow(null), backend.hooks().executionEnvironments());

            assertThat(answerFailures).as("the honest agent's answers all reached their relays").isEmpty();
            // of what the gateway read before the close, the stage's 50 a second (burst 50) reached the function
            assertThat(flooder.throttleNotices()).as("the stage's throttle refused most of the flood before the function").isGreaterThan(1_000);
            assertThat(flooder.tooManyMessages()).as("the function told the flooder, once per streak").isPositive();
            assertThat(flooder.closed().get(10, TimeUnit.SECONDS)).as("and closed a connection that went on").isNotNull();
        }
    }

    private static void answer(TestAgent honest, AtomicBoolean serving, List<String> failures) {
        while (serving.get()) {
            try {
                TestAgent.Request request = honest.pollRequest(Duration.ofMillis(200));
                if (request != null) {
                    honest.respond(request.head().id(), 200, HttpHeaders.of("Content-Type", "text/plain"), "ok".getBytes(StandardCharsets.UTF_8));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failures.add(e.toString());
            }
        }
    }

    /** Sends {@code count} requests one after another; each must be answered 200. */
    private static List<Long> latencies(Established tunnel, int count) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = Backends.HTTP.send(HttpRequest.newBuilder(URI.create(tunnel.publicUrl() + "fair/" + i))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            millis.add((System.nanoTime() - started) / 1_000_000);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        return millis;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }
}
