package dev.porthole.agent.forward;

import dev.porthole.agent.AgentOptions.HostHeader;
import dev.porthole.agent.testing.Bytes;
import dev.porthole.agent.testing.EventStreamServer;
import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
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
        // The surefire configuration allows it, as the command line does at startup.
        assertThat(PublicHostHeader.allowed()).isTrue();
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
}
