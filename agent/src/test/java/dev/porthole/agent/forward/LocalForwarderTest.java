package dev.porthole.agent.forward;

import dev.porthole.agent.AgentOptions.HostHeader;
import dev.porthole.agent.testing.Bytes;
import dev.porthole.agent.testing.EventStreamServer;
import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.agent.testing.RawOrigin;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The local side of forwarding against a real HTTP server: header rules and every way the local service can fail. */
class LocalForwarderTest {
    private static final URI PUBLIC_URL = URI.create("https://api.example.com/porthole/forwarder-test/");
    private static Origin origin;
    private static LocalForwarder forwarder;

    @BeforeAll
    static void start() throws Exception {
        origin = Origin.start();
        forwarder = new LocalForwarder(URI.create("http://127.0.0.1:" + origin.port()), HostHeader.LOCAL, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        forwarder.close();
        origin.close();
    }

    @BeforeEach
    void reset() throws Exception {
        while (origin.receivedCount() > 0) {
            origin.take();
        }
        origin.handler(r -> Answer.text(200, "ok"));
    }

    private static IncomingRequest request(HttpHeaders headers) {
        return new IncomingRequest("GET", "/path?x=1", headers, "/forwarder-test", new byte[0], PUBLIC_URL);
    }

    @Test
    void setsHostToTheLocalServiceAndSaysWhatTheCallerUsedInXForwardedHeaders() throws Exception {
        LocalResponse response = forwarder.forward(request(HttpHeaders.of(
            "host", "api.example.com",
            "x-forwarded-for", "203.0.113.7",
            "x-forwarded-proto", "https",
            "x-forwarded-port", "443",
            "user-agent", "curl/8")), 1_000_000);

        assertThat(response.status()).isEqualTo(200);
        HttpHeaders seen = origin.take().headers();
        assertThat(seen.all("host")).containsExactly("127.0.0.1:" + origin.port());
        assertThat(seen.all("x-forwarded-host")).containsExactly("api.example.com");
        assertThat(seen.all("x-forwarded-proto")).containsExactly("https");
        assertThat(seen.all("x-forwarded-for")).containsExactly("203.0.113.7");
        assertThat(seen.all("x-forwarded-port")).containsExactly("443");
        assertThat(seen.all("x-forwarded-prefix")).containsExactly("/forwarder-test");
        assertThat(seen.all("user-agent")).containsExactly("curl/8");
    }

    @Test
    void takesTheProtoFromThePublicUrlWhenTheBackendDidNotSay() throws Exception {
        forwarder.forward(request(HttpHeaders.of("host", "api.example.com")), 1_000_000);

        assertThat(origin.take().headers().all("x-forwarded-proto")).containsExactly("https");
    }

    @Test
    void replacesForwardedHeadersACallerMadeUp() throws Exception {
        forwarder.forward(request(HttpHeaders.of("host", "api.example.com", "x-forwarded-host", "evil.example",
            "x-forwarded-prefix", "/admin")), 1_000_000);

        HttpHeaders seen = origin.take().headers();
        assertThat(seen.all("x-forwarded-host")).containsExactly("api.example.com");
        assertThat(seen.all("x-forwarded-prefix")).containsExactly("/forwarder-test");
    }

    @Test
    void dropsHopByHopHeadersBothWays() throws Exception {
        origin.handler(r -> new Answer(200, HttpHeaders.of("Keep-Alive", "timeout=5", "X-Private", "secret",
            "Connection", "X-Private", "X-Kept", "yes"), "ok".getBytes(StandardCharsets.UTF_8)));

        LocalResponse response = forwarder.forward(request(HttpHeaders.of(
            "host", "api.example.com",
            "connection", "keep-alive, x-session-hop",
            "keep-alive", "timeout=5",
            "x-session-hop", "drop me",
            "te", "trailers",
            "upgrade", "websocket",
            "proxy-connection", "keep-alive",
            "expect", "100-continue",
            "x-kept", "yes")), 1_000_000);

        HttpHeaders seen = origin.take().headers();
        assertThat(seen.names()).doesNotContain("keep-alive", "x-session-hop", "te", "upgrade", "proxy-connection", "expect");
        assertThat(seen.all("x-kept")).containsExactly("yes");
        assertThat(response.headers().names()).doesNotContain("keep-alive", "x-private", "connection", "transfer-encoding");
        assertThat(response.headers().all("x-kept")).containsExactly("yes");
    }

    @Test
    void keepsThePublicHostWhenAskedTo() throws Exception {
        try (LocalForwarder publicHost = new LocalForwarder(URI.create("http://127.0.0.1:" + origin.port()),
            HostHeader.PUBLIC, Duration.ofSeconds(2))) {
            publicHost.forward(request(HttpHeaders.of("host", "api.example.com")), 1_000_000);
        }

        HttpHeaders seen = origin.take().headers();
        assertThat(seen.all("host")).containsExactly("api.example.com");
        assertThat(seen.all("x-forwarded-host")).containsExactly("api.example.com");
    }

    @Test
    void answers502NamingTheLocalAddressWhenNothingListens() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (LocalForwarder toNothing = new LocalForwarder(URI.create("http://127.0.0.1:" + closedPort), HostHeader.LOCAL,
            Duration.ofSeconds(5))) {
            Instant start = Instant.now();
            LocalResponse response = toNothing.forward(request(HttpHeaders.EMPTY), 1_000_000);

            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(2));
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.headers().first(ErrorPages.ERROR_HEADER)).contains("local-refused");
            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .contains("http://127.0.0.1:" + closedPort).contains("refused");
            assertThat(response.error()).contains("refused");
            assertThat(response.localAnswered()).isNull();
        }
    }

    @Test
    void answers504WhenTheLocalServiceIsTooSlow() throws Exception {
        origin.handler(r -> {
            Thread.sleep(5_000);
            return Answer.text(200, "late");
        });

        LocalResponse response = forwarder.forward(request(HttpHeaders.EMPTY), 1_000_000);

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.headers().first(ErrorPages.ERROR_HEADER)).contains("local-timeout");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("did not answer within 2000 ms");
    }

    @Test
    void answers502WhenTheResponseIsLargerThanTheBackendCarries() throws Exception {
        origin.handler(r -> new Answer(200, HttpHeaders.EMPTY, Bytes.random(300_000, 1)));

        LocalResponse response = forwarder.forward(request(HttpHeaders.EMPTY), 100_000);

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.headers().first(ErrorPages.ERROR_HEADER)).contains("response-too-large");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("too large").contains("100000 bytes");
    }

    @Test
    void answers502WhenAChunkedResponseTurnsOutLargerThanTheLimit() throws Exception {
        // No Content-Length: the JDK server sends it chunked, so the size is only known while reading.
        origin.handler(r -> new Answer(200, HttpHeaders.of("Transfer-Encoding", "chunked"), Bytes.random(300_000, 2)));

        LocalResponse response = forwarder.forward(request(HttpHeaders.EMPTY), 100_000);

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.headers().first(ErrorPages.ERROR_HEADER)).contains("response-too-large");
    }

    @Test
    void refusesMethodsHttpCannotForward() {
        LocalResponse response = forwarder.forward(
            new IncomingRequest("CONNECT", "/x", HttpHeaders.EMPTY, "", new byte[0], PUBLIC_URL), 1_000);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().first(ErrorPages.ERROR_HEADER)).contains("bad-request");
    }

    /** An event stream never ends: the caller gets the events of the first window, marked as cut, not a 504. */
    @Test
    void cutsAnEventStreamAfterItsWindowAndPassesTheEventsSoFar() throws Exception {
        try (EventStreamServer events = new EventStreamServer();
             LocalForwarder toEvents = new LocalForwarder(URI.create("http://127.0.0.1:" + events.port()), HostHeader.LOCAL,
                 Duration.ofSeconds(2))) {
            LocalResponse endless = toEvents.forward(new IncomingRequest("GET", "/forever", HttpHeaders.of("accept",
                "text/event-stream"), "", new byte[0], PUBLIC_URL), 1_000_000);
            assertThat(endless.status()).isEqualTo(200);
            assertThat(endless.fromLocalService()).isTrue();
            assertThat(new String(endless.body(), StandardCharsets.UTF_8)).isEqualTo(EventStreamServer.TWO_EVENTS);
            assertThat(endless.headers().first("content-type")).contains("text/event-stream");
            assertThat(endless.headers().first(LocalForwarder.STREAM_CUT_HEADER)).as("half the 2 s timeout").contains("1000");

            LocalResponse ended = toEvents.forward(new IncomingRequest("GET", "/short", HttpHeaders.EMPTY, "", new byte[0],
                PUBLIC_URL), 1_000_000);
            assertThat(new String(ended.body(), StandardCharsets.UTF_8)).isEqualTo(EventStreamServer.ONE_EVENT);
            assertThat(ended.headers().contains(LocalForwarder.STREAM_CUT_HEADER)).as("a stream that ended is whole").isFalse();
        }
    }
    private static LocalForwarder to(RawOrigin raw) {
        return new LocalForwarder(URI.create("http://127.0.0.1:" + raw.port()), HostHeader.LOCAL, Duration.ofSeconds(2));
    }

    /**
     * Item 8: the local service gets what the backend delivered and nothing more — the method exactly as sent
     * (lower case too), header values as the UTF-8 bytes of their text (API Gateway hands the function text; the
     * JDK's client wrote each non-ASCII character as "?"), and no header the caller did not send (the JDK's client
     * added User-Agent and, for a GET, Content-Length: 0).
     */
    @Test
    void sendsTheMethodAsReceivedHeaderValuesAsUtf8AndNoHeaderOfItsOwn() throws Exception {
        try (RawOrigin raw = RawOrigin.start(RawOrigin.ok("ok")); LocalForwarder toRaw = to(raw)) {
            LocalResponse response = toRaw.forward(new IncomingRequest("get", "/caf%C3%A9?q=%FF", HttpHeaders.of(
                "host", "api.example.com",
                "x-city", "Münster café",
                "x-replaced", "\uFFFD\uFFFD",
                "accept", "*/*"), "", new byte[0], PUBLIC_URL), 1_000_000);

            assertThat(response.status()).isEqualTo(200);
            RawOrigin.RawRequest seen = raw.take();
            assertThat(seen.requestLine()).isEqualTo("get /caf%C3%A9?q=%FF HTTP/1.1");
            assertThat(seen.headerBytes("x-city")).isEqualTo("Münster café".getBytes(StandardCharsets.UTF_8));
            assertThat(seen.headerBytes("x-replaced")).isEqualTo("\uFFFD\uFFFD".getBytes(StandardCharsets.UTF_8));
            assertThat(seen.headers().names()).containsExactly("host", "x-city", "x-replaced", "accept",
                "x-forwarded-host", "x-forwarded-proto");
        }
    }

    /** Item 9: the caller's response has the local service's Date and no second one. */
    @Test
    void passesTheLocalServicesDateAndAddsNone() throws Exception {
        try (RawOrigin raw = RawOrigin.start((r, out) -> {
            out.write("HTTP/1.1 200 OK\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return true;
        }); LocalForwarder toRaw = to(raw)) {
            LocalResponse response = toRaw.forward(request(HttpHeaders.EMPTY), 1_000);

            assertThat(response.headers().all("date")).containsExactly("Mon, 01 Jan 2024 00:00:00 GMT");
        }
    }

    /**
     * Item 11: X-Porthole-* in a response means the tunnel said it. The local service's own X-Porthole-Error
     * reaches the caller as X-Origin-Porthole-Error, so a script can tell the agent's or backend's errors from the
     * application's.
     */
    @Test
    void renamesTheLocalServicesOwnPortholeHeaders() throws Exception {
        origin.handler(r -> new Answer(503, HttpHeaders.of("X-Porthole-Error", "agent-busy", "x-porthole-stream-cut", "1",
            "X-Portholes", "kept"), new byte[0]));

        LocalResponse response = forwarder.forward(request(HttpHeaders.EMPTY), 1_000);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.headers().contains(ErrorPages.ERROR_HEADER)).isFalse();
        assertThat(response.headers().all("x-origin-porthole-error")).containsExactly("agent-busy");
        assertThat(response.headers().all("x-origin-porthole-stream-cut")).containsExactly("1");
        assertThat(response.headers().all("x-portholes")).containsExactly("kept");
    }

    /** Item 11: a request routed by Referer or cookie has no tunnel prefix, and a caller cannot invent one. */
    @Test
    void dropsACallersXForwardedPrefixWhenTheRequestHasNoTunnelPrefix() throws Exception {
        forwarder.forward(new IncomingRequest("GET", "/static/app.js", HttpHeaders.of("host", "api.example.com",
            "X-Forwarded-Prefix", "/admin"), "", new byte[0], PUBLIC_URL), 1_000);

        assertThat(origin.take().headers().contains("x-forwarded-prefix")).isFalse();
    }

    /** Item 11: a 101 can never be the answer through API Gateway's HTTP API; the caller gets a 502 saying so. */
    @Test
    void answers502ForA101() throws Exception {
        try (RawOrigin raw = RawOrigin.start((r, out) -> {
            out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            return true;
        }); LocalForwarder toRaw = to(raw)) {
            LocalResponse response = toRaw.forward(request(HttpHeaders.of("upgrade", "websocket", "connection", "upgrade")), 1_000);

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.headers().first(ErrorPages.ERROR_HEADER)).contains("bad-local-response");
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("101 Switching Protocols")
                .contains("cannot switch protocols");
            assertThat(raw.take().headers().contains("upgrade")).as("the upgrade was never asked for").isFalse();
        }
    }

    /**
     * Item 12: when the local service drops a response half way, it has seen the request once, and the caller is
     * told the truth: 502 local-closed, how far the response got, and that it was not sent again.
     */
    @Test
    void aResponseDroppedHalfWayIsNeverRetriedAndAnswers502LocalClosed() throws Exception {
        try (RawOrigin raw = RawOrigin.start((r, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial".getBytes(StandardCharsets.US_ASCII));
            return false;
        }); LocalForwarder toRaw = to(raw)) {
            LocalResponse response = toRaw.forward(request(HttpHeaders.EMPTY), 1_000_000);

            assertThat(raw.requestCount()).as("requests the local service received").isEqualTo(1);
            assertThat(raw.connectionCount()).isEqualTo(1);
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.headers().first(ErrorPages.ERROR_HEADER)).contains("local-closed");
            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .contains("after 7 bytes of its body, 1000 bytes long").contains("did not send the request again");
        }
    }

    /**
     * Item 12, the case the JDK's client retried: the local service took a request on a kept-alive connection and
     * closed it without answering (it crashed, or restarted). It must have seen the request once, not twice.
     */
    @Test
    void aRequestTheServiceDroppedOnAKeptConnectionIsNeverSentAgain() throws Exception {
        try (RawOrigin raw = RawOrigin.start((r, out) -> {
            if (r.target().equals("/second")) {
                return false;
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            return true;
        }); LocalForwarder toRaw = to(raw)) {
            assertThat(toRaw.forward(new IncomingRequest("GET", "/first", HttpHeaders.EMPTY, "", new byte[0], PUBLIC_URL), 1_000)
                .status()).isEqualTo(200);

            LocalResponse response = toRaw.forward(new IncomingRequest("GET", "/second", HttpHeaders.EMPTY, "", new byte[0],
                PUBLIC_URL), 1_000);

            assertThat(raw.requestCount()).as("requests the local service received").isEqualTo(2);
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.headers().first(ErrorPages.ERROR_HEADER)).contains("local-closed");
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("closed the connection without answering");
        }
    }

    /** Item 13: the agent keeps an encoded slash as it came; what API Gateway does to it is docs/agent.md's warning. */
    @Test
    void keepsPercentEncodedSlashesAndDotsAsTheyCame() throws Exception {
        forwarder.forward(new IncomingRequest("GET", "/static/..%2Fadmin/%2e%2e/x", HttpHeaders.EMPTY, "", new byte[0], PUBLIC_URL), 1_000);

        assertThat(origin.take().rawTarget()).isEqualTo("/static/..%2Fadmin/%2e%2e/x");
    }

    @Test
    void answers502BadLocalResponseForWhatIsNotHttp() throws Exception {
        try (RawOrigin raw = RawOrigin.start((r, out) -> {
            out.write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
            return false;
        }); LocalForwarder toRaw = to(raw)) {
            LocalResponse response = toRaw.forward(request(HttpHeaders.EMPTY), 1_000);

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.headers().first(ErrorPages.ERROR_HEADER)).contains("bad-local-response");
            assertThat(response.error()).contains("does not start with an HTTP/1.x status line");
        }
    }
}
