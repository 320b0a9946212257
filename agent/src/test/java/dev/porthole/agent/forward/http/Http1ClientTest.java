package dev.porthole.agent.forward.http;

import dev.porthole.agent.forward.http.ExchangeException.Reason;
import dev.porthole.agent.testing.RawOrigin;
import dev.porthole.protocol.HttpHeaders;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent's HTTP/1.1 client against real sockets: a hand-written origin for every fault, and Jetty as a real server. */
class Http1ClientTest {
    private RawOrigin origin;
    private Http1Client client;

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private Http1Client clientFor(RawOrigin o) {
        origin = o;
        client = new Http1Client("127.0.0.1", o.port(), Duration.ofSeconds(2), Duration.ofMillis(500));
        return client;
    }

    private static OutgoingRequest get(String target) {
        return new OutgoingRequest("GET", target, HttpHeaders.of("Host", "local.test"), new byte[0]);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static RawOrigin.Script writes(String response, boolean keepOpen) {
        return (request, out) -> {
            out.write(ascii(response));
            return keepOpen;
        };
    }

    /** A tunnel changes nothing: the bytes on the wire are the request as given, in order, plus the body's length. */
    @Test
    void sendsTheRequestExactlyAsGivenAndAddsNothingButTheBodyLength() throws Exception {
        clientFor(RawOrigin.start(RawOrigin.ok("ok")));
        HttpHeaders headers = HttpHeaders.of("Host", "local.test", "X-City", "Münster café", "X-Order", "1",
            "x-order", "2", "Content-Type", "text/plain");

        client.exchange(new OutgoingRequest("get", "/a%2Fb/..%2F?x=%FF&y=%E2%9C%93", headers, new byte[0]), 1000);
        client.exchange(new OutgoingRequest("POST", "/p", headers.plus("Content-Length", "999")
            .plus("Transfer-Encoding", "chunked"), "abc".getBytes(StandardCharsets.UTF_8)), 1000);

        RawOrigin.RawRequest first = origin.take();
        assertThat(first.head()).isEqualTo(concat(ascii("get /a%2Fb/..%2F?x=%FF&y=%E2%9C%93 HTTP/1.1\r\nHost: local.test\r\nX-City: "),
            "Münster café".getBytes(StandardCharsets.UTF_8), ascii("\r\nX-Order: 1\r\nx-order: 2\r\nContent-Type: text/plain\r\n\r\n")));
        RawOrigin.RawRequest second = origin.take();
        assertThat(second.headers().all("content-length")).containsExactly("3");
        assertThat(second.headers().contains("transfer-encoding")).isFalse();
        assertThat(second.body()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyBodyHasAContentLengthOnlyWhenTheRequestAnnouncedOne() throws Exception {
        clientFor(RawOrigin.start(RawOrigin.ok("ok")));

        client.exchange(new OutgoingRequest("POST", "/empty", HttpHeaders.of("Host", "h", "Content-Length", "0"), new byte[0]), 1000);
        client.exchange(get("/none"), 1000);

        assertThat(origin.take().headers().all("content-length")).containsExactly("0");
        assertThat(origin.take().headers().contains("content-length")).isFalse();
    }

    @Test
    void refusesRequestsThatCannotGoOnTheWire() {
        assertThatThrownBy(() -> new OutgoingRequest("GE T", "/", HttpHeaders.of("Host", "h"), null))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutgoingRequest("GET", "/a b", HttpHeaders.of("Host", "h"), null))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutgoingRequest("GET", "/", HttpHeaders.of("Host", "h", "X-Evil", "a\r\nInjected: 1"), null))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutgoingRequest("GET", "/", HttpHeaders.EMPTY, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Host");
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailersAndReusesTheConnection() throws Exception {
        clientFor(RawOrigin.start(writes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n"
            + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: dropped\r\n\r\n", true)));

        ReceivedResponse first = client.exchange(get("/1"), 1000);
        ReceivedResponse second = client.exchange(get("/2"), 1000);

        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("hello, world");
        assertThat(first.headers().all("x-a")).containsExactly("1");
        assertThat(first.headers().contains("x-trailer")).isFalse();
        assertThat(second.status()).isEqualTo(200);
        assertThat(origin.connectionCount()).as("kept alive").isEqualTo(1);
    }

    @Test
    void skipsInterimResponsesAndReturnsTheFinalOne() throws Exception {
        clientFor(RawOrigin.start(writes("HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            + "HTTP/1.1 201 Created\r\nContent-Length: 4\r\nLocation: /x\r\n\r\ndone", true)));

        ReceivedResponse response = client.exchange(get("/"), 1000);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers().names()).containsExactly("content-length", "location");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("done");
    }

    @Test
    void returnsA101AsTheFinalResponseAndDropsTheConnection() throws Exception {
        clientFor(RawOrigin.start(writes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", true)));

        assertThat(client.exchange(get("/ws"), 1000).status()).isEqualTo(101);
        client.exchange(get("/again"), 1000);
        assertThat(origin.connectionCount()).isEqualTo(2);
    }

    /** The origin must see a request exactly once, even when its first answer broke off. */
    @Test
    void aResponseCutShortFailsAsClosedAndTheRequestIsNeverSentAgain() throws Exception {
        clientFor(RawOrigin.start(writes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b", false)));

        assertThatThrownBy(() -> client.exchange(get("/cut"), 1000))
            .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED))
            .hasMessage("it closed the connection after 10 bytes of its body, 100 bytes long by its Content-Length");
        assertThat(origin.requestCount()).isEqualTo(1);

        origin.script(writes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", false));
        assertThatThrownBy(() -> client.exchange(get("/cut-chunked"), 1000))
            .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED));
        origin.script(writes("", false));
        assertThatThrownBy(() -> client.exchange(get("/no-answer"), 1000))
            .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED))
            .hasMessage("it closed the connection without answering");
        assertThat(origin.requestCount()).isEqualTo(3);
        assertThat(origin.connectionCount()).isEqualTo(3);
    }

    /**
     * Servers close idle keep-alive connections. The next request must not be lost on such a connection (and
     * must not be sent twice either): the pool notices the close before it lends the connection.
     */
    @Test
    void aKeptConnectionTheServiceClosedIsNotUsed() throws Exception {
        clientFor(RawOrigin.start(RawOrigin.ok("ok")));
        client.exchange(get("/first"), 1000);

        origin.closeConnections();
        ReceivedResponse second = client.exchange(get("/second"), 1000);

        assertThat(second.status()).isEqualTo(200);
        assertThat(origin.requestCount()).isEqualTo(2);
        assertThat(origin.connectionCount()).isEqualTo(2);
    }

    @Test
    void doesNotReuseAConnectionTheServiceClosesOrThatSpeaksHttp10() throws Exception {
        clientFor(RawOrigin.start(writes("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", true)));
        client.exchange(get("/1"), 1000);
        client.exchange(get("/2"), 1000);
        origin.script(writes("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", true));
        client.exchange(get("/3"), 1000);
        client.exchange(get("/4"), 1000);

        assertThat(origin.connectionCount()).isEqualTo(4);
    }

    @Test
    void readsABodyThatEndsWithTheConnection() throws Exception {
        clientFor(RawOrigin.start(writes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it", false)));

        assertThat(new String(client.exchange(get("/"), 1000).body(), StandardCharsets.UTF_8)).isEqualTo("all of it");
    }

    @Test
    void headAndStatusesWithoutABodyEndWithTheirHead() throws Exception {
        clientFor(RawOrigin.start(writes("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", true)));
        ReceivedResponse head = client.exchange(new OutgoingRequest("HEAD", "/", HttpHeaders.of("Host", "h"), null), 1000);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().first("content-length")).contains("1234");

        origin.script(writes("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n", true));
        assertThat(client.exchange(get("/cached"), 1000).status()).isEqualTo(304);
        origin.script(writes("HTTP/1.1 204 No Content\r\n\r\n", true));
        assertThat(client.exchange(get("/nothing"), 1000).status()).isEqualTo(204);
        assertThat(origin.connectionCount()).isEqualTo(1);
    }

    @Test
    void readsHeaderValuesAsUtf8FoldedLinesAndBareLineFeeds() throws Exception {
        clientFor(RawOrigin.start((request, out) -> {
            out.write(ascii("HTTP/1.1 200 OK\nX-City: "));
            out.write("Münster".getBytes(StandardCharsets.UTF_8));
            out.write(ascii("\r\nX-Broken: a"));
            out.write(new byte[] {(byte) 0xFF});
            out.write(ascii("b\r\nX-Folded: one\r\n   two\nContent-Length: 0\r\n\r\n"));
            return true;
        }));

        HttpHeaders headers = client.exchange(get("/"), 1000).headers();

        assertThat(headers.first("x-city")).contains("Münster");
        assertThat(headers.first("x-broken")).contains("a\uFFFDb");
        assertThat(headers.first("x-folded")).contains("one two");
    }

    @Test
    void refusesWhatIsNotAnHttpResponseItCouldPassOn() throws Exception {
        clientFor(RawOrigin.start(writes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", false)));
        assertThatThrownBy(() -> client.exchange(get("/"), 1000)).hasMessage("its Content-Length is not one number");

        origin.script(writes("SSH-2.0-OpenSSH_9.6\r\n", false));
        assertThatThrownBy(() -> client.exchange(get("/"), 1000))
            .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
            .hasMessage("its answer does not start with an HTTP/1.x status line");

        origin.script((request, out) -> {
            out.write(new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46}); // a TLS alert: the port speaks HTTPS
            return false;
        });
        assertThatThrownBy(() -> client.exchange(get("/"), 1000)).hasMessageContaining("TLS, not plain HTTP");

        origin.script(writes("HTTP/1.1 200 OK\r\nX-Bad\r\n\r\n", false));
        assertThatThrownBy(() -> client.exchange(get("/"), 1000)).hasMessageContaining("not \"name: value\"");

        origin.script(writes("HTTP/1.1 700 Odd\r\n\r\n", false));
        assertThatThrownBy(() -> client.exchange(get("/"), 1000)).hasMessageContaining("status 700");
    }

    @Test
    void stopsReadingABodyLargerThanTheLimit() throws Exception {
        clientFor(RawOrigin.start(writes("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n", true)));
        assertThatThrownBy(() -> client.exchange(get("/big"), 1000))
            .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));

        origin.script(writes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + "x".repeat(1024) + "\r\n0\r\n\r\n", true));
        assertThatThrownBy(() -> client.exchange(get("/big-chunked"), 1000))
            .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void aServiceThatStallsMidResponseTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        clientFor(RawOrigin.start((request, out) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
            out.flush();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }));
        try {
            assertThatThrownBy(() -> client.exchange(get("/stall"), 1000))
                .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT))
                .hasMessage("it did not answer within 2000 ms");
            assertThat(origin.requestCount()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void closingTheClientEndsAnExchangeUnderWay() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        clientFor(RawOrigin.start((request, out) -> {
            try {
                answered.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }));
        CompletableFuture<ReceivedResponse> call = CompletableFuture.supplyAsync(() -> {
            try {
                return client.exchange(get("/slow"), 1000);
            } catch (ExchangeException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        origin.take();

        client.close();

        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ExchangeException.class)
            .cause().satisfies(e -> assertThat(((ExchangeException) e).reason()).isEqualTo(Reason.STOPPED));
        answered.countDown();
    }

    /** A real server: Jetty streams a chunked response in pieces, and keeps the connection for the next request. */
    @Test
    void worksWithJettyStreamingChunkedResponsesOnOneConnection() throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, Response response, Callback callback) throws Exception {
                response.getHeaders().put("Content-Type", "text/plain");
                response.getHeaders().put("X-Method", request.getMethod());
                try (OutputStream out = Response.asBufferedOutputStream(request, response)) {
                    for (int i = 0; i < 5; i++) {
                        out.write(("part " + i + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
                callback.succeeded();
                return true;
            }
        });
        jetty.start();
        try (Http1Client toJetty = new Http1Client("127.0.0.1", connector.getLocalPort(), Duration.ofSeconds(5), Duration.ofSeconds(1))) {
            for (int i = 0; i < 3; i++) {
                ReceivedResponse response = toJetty.exchange(new OutgoingRequest("PUT", "/stream/" + i,
                    HttpHeaders.of("Host", "jetty.test"), ("body " + i).getBytes(StandardCharsets.UTF_8)), 1_000_000);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.headers().first("x-method")).contains("PUT");
                assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("part 0\npart 1\npart 2\npart 3\npart 4\n");
            }
            assertThat(connector.getConnectedEndPoints()).as("one kept-alive connection").hasSize(1);
        } finally {
            jetty.stop();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
