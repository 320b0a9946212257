package dev.porthole.desktop.replay;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.capture.Timings;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays with the JDK's HTTP client. The client sets Host, Content-Length and the connection headers itself,
 * so those lines of the original are not sent as written (the editor says so).
 */
public final class HttpReplayService implements ReplayService {
    /** Headers the JDK client refuses to take from the caller. */
    public static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");
    static final int CAPTURE_CAP = 1024 * 1024;
    private static final AtomicLong IDS = new AtomicLong();

    private final HttpClient client;
    private final Clock clock;
    private final Duration timeout;

    public HttpReplayService(Clock clock, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Exchange> send(URI base, dev.porthole.desktop.log.LogEntry original, CapturedRequest request) {
        String originalExchangeId = original.exchange().id();
        String tunnelId = original.exchange().tunnelId();
        Instant started = clock.instant();
        String id = "replay-" + IDS.incrementAndGet();
        HttpRequest httpRequest;
        try {
            httpRequest = build(base, request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(failed(id, tunnelId, request, started, originalExchangeId,
                    "The request could not be built: " + e.getMessage()));
        }
        return client.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    Instant answered = clock.instant();
                    CapturedResponse captured = new CapturedResponse(response.statusCode(),
                            HttpHeaders.fromMultiMap(response.headers().map()).filter(h -> !h.name().startsWith(":")),
                            CapturedBody.of(response.body(), CAPTURE_CAP));
                    return new Exchange(id, tunnelId, request, captured, new Timings(started, started, answered, answered),
                            null, originalExchangeId);
                })
                .exceptionally(e -> failed(id, tunnelId, request, started, originalExchangeId, explain(base, e)));
    }

    HttpRequest build(URI base, CapturedRequest request) {
        String b = base.toString();
        String target = request.target().startsWith("/") ? request.target() : "/" + request.target();
        URI uri = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + target);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        for (Header h : request.headers()) {
            if (!SET_BY_CLIENT.contains(h.name().toLowerCase(java.util.Locale.ROOT))) {
                builder.header(h.name(), h.value());
            }
        }
        byte[] body = request.body().bytes();
        builder.method(request.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        return builder.build();
    }

    private Exchange failed(String id, String tunnelId, CapturedRequest request, Instant started, String originalId, String why) {
        Instant now = clock.instant();
        CapturedResponse response = new CapturedResponse(502, HttpHeaders.of("Content-Type", "text/plain; charset=utf-8"),
                CapturedBody.of(why.getBytes(StandardCharsets.UTF_8), CAPTURE_CAP));
        return new Exchange(id, tunnelId, request, response, new Timings(started, started, null, now), why, originalId);
    }

    static String explain(URI base, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String where = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
        if (cause instanceof HttpConnectTimeoutException) {
            return "Could not connect to " + where + " within 5 s. Check that your server is running.";
        }
        if (cause instanceof HttpTimeoutException) {
            return where + " did not answer in time.";
        }
        if (cause instanceof ConnectException) {
            return "Nothing is listening on " + where + ". Start your server there and replay again.";
        }
        return "The replay failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    static List<String> clientSetHeaders(HttpHeaders headers) {
        return headers.lines().stream().map(Header::name)
                .filter(n -> SET_BY_CLIENT.contains(n.toLowerCase(java.util.Locale.ROOT))).distinct().toList();
    }
}
