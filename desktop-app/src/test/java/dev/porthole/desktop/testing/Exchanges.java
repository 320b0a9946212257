package dev.porthole.desktop.testing;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.capture.Timings;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.protocol.HttpHeaders;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Builds exchanges and log entries for tests. */
public final class Exchanges {
    private static final AtomicLong IDS = new AtomicLong();
    public static final Instant T0 = Instant.parse("2026-11-21T10:15:30.250Z");

    private Exchanges() {
    }

    public static CapturedBody body(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new CapturedBody(b, b.length);
    }

    public static Exchange exchange(String method, String target, int status, String responseBody) {
        return exchange(method, target, HttpHeaders.of("Host", "abc.example", "User-Agent", "curl/8.5"), CapturedBody.EMPTY,
                status, HttpHeaders.of("Content-Type", "application/json"), body(responseBody));
    }

    public static Exchange exchange(String method, String target, HttpHeaders requestHeaders, CapturedBody requestBody,
                                    int status, HttpHeaders responseHeaders, CapturedBody responseBody) {
        long n = IDS.incrementAndGet();
        Instant received = T0.plusMillis(n * 10);
        return new Exchange("x" + n, "abcdefghijklm", new CapturedRequest(method, target, requestHeaders, requestBody),
                new CapturedResponse(status, responseHeaders, responseBody),
                new Timings(received, received.plusMillis(1), received.plusMillis(12), received.plusMillis(14)), null, null);
    }

    /** A webhook the tunnel's rules refused in the backend, as the agent records it from the backend's notice. */
    public static Exchange refusedByRule() {
        long n = IDS.incrementAndGet();
        Instant received = T0.plusMillis(n * 10);
        return new Exchange("x" + n, "abcdefghijklm", new CapturedRequest("POST", "/hooks/github",
                HttpHeaders.of("Content-Type", "application/json", "Content-Length", "18"), new CapturedBody(new byte[0], 18), "/abcdefghijklm"),
                new CapturedResponse(401, HttpHeaders.of("X-Porthole-Error", "webhook-signature-invalid"), CapturedBody.EMPTY),
                new Timings(received, received, null, received), null, null,
                "refused by rule 1 (verify-webhook): the X-Hub-Signature-256 header is missing");
    }

    /** A request the rules let through, changing its headers. */
    public static Exchange allowedByRules(String target) {
        Exchange x = exchange("GET", target, 200, "{}");
        return new Exchange(x.id(), x.tunnelId(), x.request(), x.response(), x.timings(), null, null,
                "allowed (rule 1 (request-headers))");
    }

    public static LogEntry entry(String tunnelKey, Exchange exchange) {
        return LogEntry.of(tunnelKey, "Tunnel " + tunnelKey, URI.create("http://127.0.0.1:8080/abcdefghijklm/"), exchange, null);
    }

    public static LogEntry entry(String method, String target, int status) {
        return entry("t1", exchange(method, target, status, "{\"ok\":true}"));
    }
}
