package dev.porthole.agent;

import dev.porthole.agent.testing.Bytes;
import dev.porthole.agent.forward.LocalForwarder;
import dev.porthole.agent.testing.EventStreamServer;
import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.agent.testing.PublicCaller;
import dev.porthole.local.LocalBackend;
import dev.porthole.local.LocalBackendOptions;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with real parts only: an HTTP client calls the public URL of the local backend (the real Lambda
 * handler behind a local API Gateway, on DynamoDB Local), which relays to this agent, which calls a real HTTP
 * server on loopback.
 */
class ThroughLocalBackendTest {
    private static final String TOKEN = "e2e-" + Long.toHexString(System.nanoTime());

    private static LocalBackend backend;
    private static Origin origin;
    private static TunnelAgent agent;
    private static URI publicUrl;

    @BeforeAll
    static void startAll() throws Exception {
        backend = LocalBackend.start(LocalBackendOptions.inMemory(TOKEN));
        origin = Origin.start();
        agent = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port())
            .localHost("127.0.0.1").tunnelId("e2e-forwarding").localTimeout(Duration.ofSeconds(10)).build());
        agent.start();
        TunnelStatus status = agent.awaitOnline(Duration.ofSeconds(30));
        assertThat(status).isInstanceOf(TunnelStatus.Online.class);
        publicUrl = ((TunnelStatus.Online) status).publicUrl();
    }

    @AfterAll
    static void stopAll() {
        agent.close();
        origin.close();
        backend.close();
    }

    @BeforeEach
    void reset() throws Exception {
        while (origin.receivedCount() > 0) {
            origin.take();
        }
        origin.handler(r -> Answer.text(200, "ok"));
    }

    /** The tunnel's public URL plus a path and query, which must not start with a slash. */
    private static URI url(String rest) {
        return URI.create(publicUrl + rest);
    }

    /**
     * Server-sent events through the whole tunnel: API Gateway cannot stream, so the caller gets the events of a
     * 3-second window and the end of the response (an EventSource then reconnects), instead of a 504 at 25 s.
     */
    @Test
    void anEventStreamArrivesInWindowsInsteadOfTimingOut() throws Exception {
        try (EventStreamServer events = new EventStreamServer();
             TunnelAgent streaming = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, events.port())
                 .localHost("127.0.0.1").tunnelId("e2e-events").localTimeout(Duration.ofSeconds(10)).build())) {
            streaming.start();
            TunnelStatus status = streaming.awaitOnline(Duration.ofSeconds(30));
            assertThat(status).isInstanceOf(TunnelStatus.Online.class);

            HttpResponse<byte[]> response = PublicCaller.send(PublicCaller.request(
                URI.create(((TunnelStatus.Online) status).publicUrl() + "forever")).header("Accept", "text/event-stream").build());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(EventStreamServer.TWO_EVENTS);
            assertThat(response.headers().firstValue(LocalForwarder.STREAM_CUT_HEADER)).contains("3000");
        }
    }

    @Test
    void thePublicUrlIsTheBackendsUrlPlusTheTunnelId() {
        assertThat(publicUrl).isEqualTo(URI.create(backend.publicUrl() + "e2e-forwarding/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
    void forwardsEveryMethod(String method) throws Exception {
        origin.handler(r -> new Answer(200, HttpHeaders.of("X-Method-Seen", r.method()), "answer".getBytes(StandardCharsets.UTF_8)));

        HttpResponse<byte[]> response = PublicCaller.send(PublicCaller.request(url("m"))
            .method(method, BodyPublishers.noBody()).build());

        assertThat(origin.take().method()).isEqualTo(method);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-method-seen")).contains(method);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(method.equals("HEAD") ? "" : "answer");
    }

    @Test
    void keepsRepeatedAndEncodedQueryParameters() throws Exception {
        String query = "q=a%20b&q=c%26d&q=&plus=1+2&slash=%2F&check=%E2%9C%93";

        PublicCaller.get(url("search?" + query));

        assertThat(origin.take().rawTarget()).isEqualTo("/search?" + query);
    }

    @Test
    void keepsEncodedAndNonAsciiPathSegments() throws Exception {
        PublicCaller.get(url("files/caf%C3%A9/%E6%97%A5%E6%9C%AC/a%20b/x.txt"));

        assertThat(origin.take().rawTarget()).isEqualTo("/files/caf%C3%A9/%E6%97%A5%E6%9C%AC/a%20b/x.txt");
    }

    @Test
    void passesRepeatedHeadersBothWaysAndThreeSetCookies() throws Exception {
        origin.handler(r -> new Answer(200, HttpHeaders.of(
            "Set-Cookie", "a=1; Path=/",
            "Set-Cookie", "b=2; HttpOnly",
            "Set-Cookie", "c=3; Max-Age=60",
            "X-Multi", "one",
            "X-Multi", "two"), new byte[0]));

        HttpResponse<byte[]> response = PublicCaller.send(PublicCaller.request(url("h"))
            .header("X-Repeated", "first").header("X-Repeated", "second").build());

        // API Gateway joins a repeated request header into one comma-separated value; both values arrive, in order
        assertThat(String.join(",", origin.take().headers().all("x-repeated")).replace(", ", ","))
            .isEqualTo("first,second");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("a=1; Path=/", "b=2; HttpOnly", "c=3; Max-Age=60");
        assertThat(String.join(",", response.headers().allValues("x-multi")).replace(", ", ",")).isEqualTo("one,two");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100 * 1024, 5 * 1024 * 1024})
    void bodiesArriveByteIdenticalBothWays(int size) throws Exception {
        byte[] up = Bytes.random(size, size);
        byte[] down = Bytes.random(size, size + 1L);
        origin.handler(r -> new Answer(200, HttpHeaders.of("Content-Type", "application/octet-stream"), down));

        HttpResponse<byte[]> response = PublicCaller.send(PublicCaller.request(url("upload"))
            .header("Content-Type", "application/octet-stream").POST(BodyPublishers.ofByteArray(up)).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(origin.take().body()).isEqualTo(up);
        assertThat(response.body()).isEqualTo(down);
    }

    @Test
    void passesGzipUntouched() throws Exception {
        byte[] gzipped = ForwardingTest.gzip("hello, compressed world ".repeat(200));
        origin.handler(r -> new Answer(200, HttpHeaders.of("Content-Encoding", "gzip", "Content-Type", "text/plain"), gzipped));

        HttpResponse<byte[]> response = PublicCaller.send(PublicCaller.request(url("gz"))
            .header("Accept-Encoding", "gzip").header("Content-Encoding", "gzip")
            .POST(BodyPublishers.ofByteArray(gzipped)).build());

        assertThat(origin.take().body()).isEqualTo(gzipped);
        assertThat(response.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(response.body()).isEqualTo(gzipped);
    }

    @Test
    void aRedirectReachesTheCaller() throws Exception {
        origin.handler(r -> new Answer(302, HttpHeaders.of("Location", "/elsewhere"), new byte[0]));

        HttpResponse<byte[]> response = PublicCaller.get(url("old"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("location")).contains("/elsewhere");
        origin.take();
        Thread.sleep(200);
        assertThat(origin.receivedCount()).isZero();
    }

    @Test
    void answersTwoHundredConcurrentRequestsEachCorrectly() throws Exception {
        origin.handler(r -> new Answer(200, HttpHeaders.of("X-Target", r.rawTarget()), r.body()));
        List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            HttpRequest request = PublicCaller.request(url("item/" + i))
                .POST(BodyPublishers.ofString("body of request " + i)).build();
            responses.add(PublicCaller.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (int i = 0; i < 200; i++) {
            HttpResponse<byte[]> response = responses.get(i).get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
            assertThat(response.headers().firstValue("x-target")).contains("/item/" + i);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("body of request " + i);
        }
    }

    @Test
    void aSlowRequestDoesNotHoldUpFastOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        origin.handler(r -> {
            if (r.rawTarget().equals("/slow")) {
                release.await(20, TimeUnit.SECONDS);
            }
            return Answer.text(200, r.rawTarget());
        });
        CompletableFuture<HttpResponse<byte[]>> slow = PublicCaller.HTTP.sendAsync(PublicCaller.request(url("slow")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        try {
            for (int i = 0; i < 10; i++) {
                assertThat(new String(PublicCaller.get(url("fast/" + i)).body(), StandardCharsets.UTF_8)).isEqualTo("/fast/" + i);
            }
            assertThat(slow).isNotDone();
        } finally {
            release.countDown();
        }
        assertThat(new String(slow.get(10, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8)).isEqualTo("/slow");
    }

    @Test
    void answers502QuicklyWhileTheOriginIsDownAndWorksOnceItIsBack() throws Exception {
        int port = origin.port();
        origin.close();
        try {
            long start = System.nanoTime();
            HttpResponse<byte[]> down = PublicCaller.get(url("during"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(down.statusCode()).isEqualTo(502);
            assertThat(millis).isLessThan(2_000);
            assertThat(down.headers().firstValue("x-porthole-error")).contains("local-refused");
            assertThat(new String(down.body(), StandardCharsets.UTF_8)).contains("http://127.0.0.1:" + port);
        } finally {
            origin = Origin.start(port);
        }
        HttpResponse<byte[]> back = PublicCaller.get(url("after"));
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(new String(back.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
    }

    /**
     * API Gateway refuses posts to a connection until its {@code $connect} has returned (410), and a planned reconnect
     * claims the tunnel in that {@code $connect}: requests in that moment still go to the connection the agent is leaving,
     * and none is lost or answered as offline.
     */
    @Test
    void plannedReconnectsUnderSteadyTrafficLoseNoRequest() throws Exception {
        origin.handler(r -> Answer.text(200, r.rawTarget()));
        try (TunnelAgent moving = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port())
                 .localHost("127.0.0.1").tunnelId("e2e-moving").maxConnectionAge(Duration.ofMillis(300)).build())) {
            moving.start();
            TunnelStatus status = moving.awaitOnline(Duration.ofSeconds(30));
            assertThat(status).isInstanceOf(TunnelStatus.Online.class);
            URI url = ((TunnelStatus.Online) status).publicUrl();
            List<String> failures = new ArrayList<>();
            int sent = 0;
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                HttpResponse<byte[]> r = PublicCaller.get(URI.create(url + "n/" + sent));
                if (r.statusCode() != 200 || !new String(r.body(), StandardCharsets.UTF_8).equals("/n/" + sent)) {
                    failures.add(sent + ": " + r.statusCode() + " " + r.headers().firstValue("x-porthole-error").orElse(""));
                }
                sent++;
            }
            assertThat(sent).isGreaterThan(20);
            assertThat(failures).isEmpty();
            assertThat(moving.status()).isInstanceOf(TunnelStatus.Online.class);
        }
    }
}
