package dev.porthole.agent;

import dev.porthole.agent.testing.Bytes;
import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.agent.testing.ScriptedBackend;
import dev.porthole.agent.testing.ScriptedBackend.Reply;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forwarding through a running agent: requests come from a real WebSocket server speaking the backend's side of
 * the protocol, go to a real HTTP server as the local service, and the answers are checked byte for byte.
 */
class ForwardingTest {
    private static final String TOKEN = "test-token-forwarding";
    private static final String TUNNEL = "forwarding-test";

    private static ScriptedBackend backend;
    private static Origin origin;
    private static TunnelAgent agent;

    @BeforeAll
    static void startAll() throws Exception {
        backend = ScriptedBackend.start(TOKEN);
        origin = Origin.start();
        agent = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port())
            .localHost("127.0.0.1")
            .tunnelId(TUNNEL)
            .concurrency(16)
            .localTimeout(Duration.ofSeconds(5))
            .build());
        agent.start();
        assertThat(agent.awaitOnline(Duration.ofSeconds(10))).isInstanceOf(TunnelStatus.Online.class);
    }

    @AfterAll
    static void stopAll() throws Exception {
        agent.close();
        origin.close();
        backend.close();
    }

    @BeforeEach
    void drainOrigin() throws Exception {
        while (origin.receivedCount() > 0) {
            origin.take();
        }
        origin.handler(r -> Answer.text(200, "ok"));
    }

    private static Reply send(String method, String target, HttpHeaders headers, byte[] body) throws Exception {
        return backend.send(TUNNEL, method, target, headers, body).get(20, TimeUnit.SECONDS);
    }

    private static Reply get(String target) throws Exception {
        return send("GET", target, HttpHeaders.of("host", "public.example"), new byte[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
    void forwardsEveryMethod(String method) throws Exception {
        origin.handler(r -> new Answer(200, HttpHeaders.of("X-Method-Seen", r.method()), "answer".getBytes(StandardCharsets.UTF_8)));

        Reply reply = send(method, "/m", HttpHeaders.of("host", "public.example"), new byte[0]);

        assertThat(origin.take().method()).isEqualTo(method);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().first("x-method-seen")).contains(method);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo(method.equals("HEAD") ? "" : "answer");
        if (method.equals("HEAD")) {
            assertThat(reply.headers().first("content-length")).contains("6");
        }
    }

    @Test
    void keepsRepeatedAndEncodedQueryParametersExactly() throws Exception {
        String target = "/search?q=a%20b&q=c%26d&q=&plus=1+2&slash=%2F&check=%E2%9C%93&empty&Case=X";

        get(target);

        assertThat(origin.take().rawTarget()).isEqualTo(target);
    }

    @Test
    void keepsEncodedPathSegmentsAndEncodesRawNonAsciiOnes() throws Exception {
        get("/files/caf%C3%A9/a%2Fb/%20x/");
        assertThat(origin.take().rawTarget()).isEqualTo("/files/caf%C3%A9/a%2Fb/%20x/");

        get("/files/café/日本/a b|c");
        assertThat(origin.take().rawTarget()).isEqualTo("/files/caf%C3%A9/%E6%97%A5%E6%9C%AC/a%20b%7Cc");
    }

    @Test
    void passesRepeatedRequestAndResponseHeadersAndEverySetCookie() throws Exception {
        origin.handler(r -> new Answer(200, HttpHeaders.of(
            "Set-Cookie", "a=1; Path=/",
            "Set-Cookie", "b=2; HttpOnly",
            "Set-Cookie", "c=3; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
            "X-Multi", "one",
            "X-Multi", "two"), new byte[0]));

        Reply reply = send("GET", "/h", HttpHeaders.of(
            "host", "public.example",
            "x-repeated", "first",
            "x-repeated", "second",
            "accept", "text/html, application/json"), new byte[0]);

        Origin.Received seen = origin.take();
        assertThat(seen.headers().all("x-repeated")).containsExactly("first", "second");
        assertThat(seen.headers().all("accept")).containsExactly("text/html, application/json");
        assertThat(reply.headers().all("set-cookie"))
            .containsExactly("a=1; Path=/", "b=2; HttpOnly", "c=3; Expires=Wed, 21 Oct 2037 07:28:00 GMT");
        assertThat(reply.headers().all("x-multi")).containsExactly("one", "two");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100 * 1024, 5 * 1024 * 1024})
    void bodiesArriveByteIdenticalBothWays(int size) throws Exception {
        byte[] up = Bytes.random(size, size);
        byte[] down = Bytes.random(size, size + 1L);
        origin.handler(r -> new Answer(200, HttpHeaders.of("Content-Type", "application/octet-stream"), down));

        Reply reply = send("POST", "/upload", HttpHeaders.of("host", "public.example",
            "content-type", "application/octet-stream"), up);

        assertThat(origin.take().body()).isEqualTo(up);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(down);
    }

    @Test
    void bodiesSurviveChunksArrivingOutOfOrder() throws Exception {
        byte[] up = Bytes.random(300 * 1024, 7);
        origin.handler(r -> new Answer(200, HttpHeaders.EMPTY, r.body()));
        backend.shuffleChunks(true);
        try {
            Reply reply = send("PUT", "/shuffled", HttpHeaders.of("host", "public.example"), up);
            assertThat(reply.body()).isEqualTo(up);
        } finally {
            backend.shuffleChunks(false);
        }
    }

    @Test
    void forwardsARequestDeliveredTwiceOnlyOnce() throws Exception {
        byte[] up = Bytes.random(100 * 1024, 8);
        origin.handler(r -> new Answer(200, HttpHeaders.EMPTY, r.body()));
        backend.deliverTwice(true);
        backend.shuffleChunks(true);
        try {
            Reply reply = send("POST", "/twice", HttpHeaders.of("host", "public.example"), up);
            assertThat(reply.body()).isEqualTo(up);
        } finally {
            backend.deliverTwice(false);
            backend.shuffleChunks(false);
        }
        assertThat(origin.take().body()).isEqualTo(up);
        Thread.sleep(200);
        assertThat(origin.receivedCount()).isZero();
    }

    @Test
    void passesGzipBodiesUntouched() throws Exception {
        byte[] gzipped = gzip("hello, compressed world ".repeat(100));
        origin.handler(r -> new Answer(200, HttpHeaders.of("Content-Encoding", "gzip", "Content-Type", "text/plain"), gzipped));

        Reply reply = send("POST", "/gz", HttpHeaders.of("host", "public.example", "content-encoding", "gzip",
            "accept-encoding", "gzip"), gzipped);

        Origin.Received seen = origin.take();
        assertThat(seen.body()).isEqualTo(gzipped);
        assertThat(seen.headers().first("content-encoding")).contains("gzip");
        assertThat(seen.headers().first("accept-encoding")).contains("gzip");
        assertThat(reply.headers().first("content-encoding")).contains("gzip");
        assertThat(reply.body()).isEqualTo(gzipped);
    }

    @Test
    void passesRedirectsToTheCallerInsteadOfFollowingThem() throws Exception {
        origin.handler(r -> new Answer(302, HttpHeaders.of("Location", "/elsewhere"), new byte[0]));

        Reply reply = get("/old");

        assertThat(reply.status()).isEqualTo(302);
        assertThat(reply.headers().first("location")).contains("/elsewhere");
        assertThat(origin.take().rawTarget()).isEqualTo("/old");
        Thread.sleep(200);
        assertThat(origin.receivedCount()).as("the redirect was not followed").isZero();
    }

    @Test
    void answersTwoHundredConcurrentRequestsEachCorrectly() throws Exception {
        origin.handler(r -> new Answer(200, HttpHeaders.of("X-Target", r.rawTarget()), r.body()));
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            replies.add(backend.send(TUNNEL, "POST", "/item/" + i, HttpHeaders.of("host", "public.example"),
                ("body of request " + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 200; i++) {
            Reply reply = replies.get(i).get(30, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.headers().first("x-target")).contains("/item/" + i);
            assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("body of request " + i);
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
        CompletableFuture<Reply> slow = backend.send(TUNNEL, "GET", "/slow", HttpHeaders.EMPTY, new byte[0]);
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(new String(get("/fast/" + i).body(), StandardCharsets.UTF_8)).isEqualTo("/fast/" + i);
            }
            assertThat(slow).isNotDone();
        } finally {
            release.countDown();
        }
        assertThat(new String(slow.get(10, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8)).isEqualTo("/slow");
    }

    static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
