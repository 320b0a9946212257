package dev.porthole.agent;

import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.agent.testing.PublicCaller;
import dev.porthole.agent.testing.RawOrigin;
import dev.porthole.local.LocalBackend;
import dev.porthole.local.LocalBackendOptions;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "A tunnel must not change what passes through it", end to end: a caller on a raw socket (so that nothing in
 * between normalises anything) or the JDK's HTTP client, the local backend (the real Lambda handler behind the local
 * API Gateway), the agent, and a real local service. Where the local API Gateway must first behave as the real one
 * does, the test says so and is disabled.
 */
class TransparencyTest {
    private static final String TOKEN = "transparency-" + Long.toHexString(System.nanoTime());

    private static LocalBackend backend;
    private static Origin origin;
    private static RawOrigin raw;
    private static TunnelAgent agent;
    private static TunnelAgent rawAgent;

    @BeforeAll
    static void startAll() throws Exception {
        backend = LocalBackend.start(LocalBackendOptions.inMemory(TOKEN));
        origin = Origin.start();
        raw = RawOrigin.start(RawOrigin.ok("ok"));
        agent = online(origin.port(), "transparent");
        rawAgent = online(raw.port(), "transparent-raw");
    }

    private static TunnelAgent online(int port, String tunnelId) throws InterruptedException {
        TunnelAgent a = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, port)
            .localHost("127.0.0.1").tunnelId(tunnelId).localTimeout(Duration.ofSeconds(10)).build());
        a.start();
        assertThat(a.awaitOnline(Duration.ofSeconds(30))).isInstanceOf(TunnelStatus.Online.class);
        return a;
    }

    @AfterAll
    static void stopAll() throws IOException {
        agent.close();
        rawAgent.close();
        origin.close();
        raw.close();
        backend.close();
    }

    @BeforeEach
    void reset() throws Exception {
        while (origin.receivedCount() > 0) {
            origin.take();
        }
        origin.handler(r -> Answer.text(200, "ok"));
        raw.script(RawOrigin.ok("ok"));
        raw.forget();
    }

    /** A public request written byte by byte on a socket to the local backend; the whole response, as bytes. */
    private static String send(byte[] request) throws IOException {
        try (Socket socket = new Socket(backend.publicUrl().getHost(), backend.publicUrl().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] request(String method, String target, byte[]... headerLines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: " + backend.publicUrl().getAuthority() + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        for (byte[] line : headerLines) {
            out.writeBytes(line);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] line(String name, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((name + ": ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** Item 8: a lower-case method is a different method (RFC 9110 section 9.1); it arrives as sent. */
    @Test
    void theMethodArrivesExactlyAsSent() throws Exception {
        String response = send(request("get", "/transparent-raw/lower"));

        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(raw.take().requestLine()).isEqualTo("get /lower HTTP/1.1");
    }

    /** Item 8: the agent adds no header of its own (the JDK's client added User-Agent and Content-Length: 0). */
    @Test
    void theAgentAddsNoHeaderTheCallerDidNotSend() throws Exception {
        send(request("GET", "/transparent-raw/plain"));

        HttpHeaders seen = raw.take().headers();
        assertThat(seen.contains("user-agent")).isFalse();
        assertThat(seen.names()).containsOnly("host", "x-amzn-trace-id", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-proto");
    }

    /**
     * Item 8: UTF-8 header values arrive as the same bytes. API Gateway decodes request header bytes as UTF-8 for
     * the function's JSON event (invalid sequences become U+FFFD); the agent writes that text back as UTF-8.
     */
    @Test
    void utf8HeaderValuesArriveAsTheSameBytes() throws Exception {
        byte[] cafe = "café".getBytes(StandardCharsets.UTF_8);

        send(request("GET", "/transparent-raw/h", line("X-Utf8", cafe), line("X-Bin", new byte[] {(byte) 0xFF, (byte) 0xFE})));

        RawOrigin.RawRequest seen = raw.take();
        assertThat(seen.headerBytes("x-utf8")).isEqualTo(cafe);
        assertThat(seen.headerBytes("x-bin")).as("what API Gateway makes of bytes that are not UTF-8")
            .isEqualTo("\uFFFD\uFFFD".getBytes(StandardCharsets.UTF_8));
    }

    /** Item 9: one Date, the local service's. */
    @Test
    void theCallerGetsOneDateHeader() throws Exception {
        raw.script((r, out) -> {
            out.write("HTTP/1.1 200 OK\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nContent-Length: 2\r\n\r\nok"
                .getBytes(StandardCharsets.US_ASCII));
            return true;
        });

        HttpResponse<byte[]> response = PublicCaller.get(URI.create(backend.publicUrl() + "transparent-raw/dated"));

        assertThat(response.headers().allValues("date")).hasSize(1);
    }

    /** Item 11: an application's X-Porthole-Error reaches the caller renamed; only the tunnel's own errors carry it. */
    @Test
    void anApplicationsOwnPortholeErrorHeaderIsRenamed() throws Exception {
        origin.handler(r -> new Answer(500, HttpHeaders.of("X-Porthole-Error", "agent-gone", "Content-Type", "text/plain"),
            "the application failed".getBytes(StandardCharsets.UTF_8)));

        HttpResponse<byte[]> response = PublicCaller.get(URI.create(backend.publicUrl() + "transparent/boom"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("x-porthole-error")).isEmpty();
        assertThat(response.headers().firstValue("x-origin-porthole-error")).contains("agent-gone");
    }

    /** Item 11: a request routed by its Referer carries no tunnel prefix, and the caller's own does not pass. */
    @Test
    void aCallersOwnForwardedPrefixNeverReachesTheApplication() throws Exception {
        PublicCaller.send(PublicCaller.request(URI.create(backend.publicUrl() + "static/app.js"))
            .header("Referer", backend.publicUrl() + "transparent/index.html")
            .header("X-Forwarded-Prefix", "/admin").build());

        Origin.Received seen = origin.take();
        assertThat(seen.rawTarget()).isEqualTo("/static/app.js");
        assertThat(seen.headers().all("x-forwarded-prefix")).isEmpty();
    }

    /** Item 11: a 101 cannot pass API Gateway's HTTP API; the caller gets a 502 that says so, not a 101. */
    @Test
    void aSwitchingProtocolsAnswerBecomesA502() throws Exception {
        raw.script((r, out) -> {
            out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            return true;
        });

        HttpResponse<byte[]> response = PublicCaller.get(URI.create(backend.publicUrl() + "transparent-raw/ws"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("x-porthole-error")).contains("bad-local-response");
    }

    /**
     * Item 12: the local service takes a GET on a kept-alive connection and drops it (a crash, a restart): it saw the
     * request once — the JDK's client, which the agent used before, sent it again — and the caller gets the truth.
     */
    @Test
    void aDroppedRequestIsNeverSentAgainAndTheCallerIsToldWhy() throws Exception {
        raw.script((r, out) -> {
            if (r.target().equals("/dropped")) {
                return false;
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            return true;
        });
        assertThat(PublicCaller.get(URI.create(backend.publicUrl() + "transparent-raw/kept")).statusCode()).isEqualTo(200);
        int before = raw.requestCount();

        HttpResponse<byte[]> response = PublicCaller.get(URI.create(backend.publicUrl() + "transparent-raw/dropped"));

        assertThat(raw.requestCount() - before).as("requests the local service received").isEqualTo(1);
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("x-porthole-error")).contains("local-closed");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("did not send the request again");
        raw.take();
        assertThat(raw.take().target()).isEqualTo("/dropped");
    }

    /**
     * Item 13, as API Gateway does it: an HTTP API hands the function the path decoded, so {@code ..%2F} reaches
     * the application as {@code ../} (docs/agent.md warns about it). The agent itself keeps what it is given
     * (LocalForwarderTest).
     */
    @Test
    void anEncodedSlashArrivesDecodedAsApiGatewayDeliversIt() throws Exception {
        PublicCaller.send(PublicCaller.request(URI.create(backend.publicUrl() + "transparent/static/..%2Fadmin"))
            .method("GET", BodyPublishers.noBody()).build());

        assertThat(origin.take().rawTarget()).isEqualTo("/static/../admin");
    }
}
