package dev.porthole.desktop.log;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.agent.capture.Exchange;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One row of the request log: an exchange and which of the person's tunnels it came through.
 *
 * @param id         unique across restarts; orders entries by arrival
 * @param tunnelKey  the {@link dev.porthole.desktop.tunnel.TunnelConfig#key()} it came through
 * @param tunnelName the tunnel's name at the time
 * @param publicUrl  the tunnel's public URL at the time (null when unknown, e.g. a replay sent to the local port)
 * @param replayOf   the id of the entry this one replays, or null
 */
public record LogEntry(long id, String tunnelKey, String tunnelName, URI publicUrl, Exchange exchange, Long replayOf) {
    // Microseconds since the epoch at start-up, then +1 per entry: unique and increasing across restarts.
    private static final AtomicLong NEXT_ID = new AtomicLong(System.currentTimeMillis() * 1000);

    public LogEntry {
        Objects.requireNonNull(exchange, "exchange");
    }

    public static LogEntry of(String tunnelKey, String tunnelName, URI publicUrl, Exchange exchange, Long replayOf) {
        return new LogEntry(NEXT_ID.getAndIncrement(), tunnelKey, tunnelName, publicUrl, exchange, replayOf);
    }

    /** Makes sure ids given from now on are above {@code id} (history reloaded from an app with a fast clock). */
    public static void idsAbove(long id) {
        NEXT_ID.accumulateAndGet(id + 1, Math::max);
    }

    public String method() {
        return exchange.request().method();
    }

    public String target() {
        return exchange.request().target();
    }

    /** The target without its query string. */
    public String path() {
        String target = target();
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    public int status() {
        return exchange.response() == null ? 0 : exchange.response().status();
    }

    public Instant time() {
        return exchange.timings().received();
    }

    public Duration duration() {
        return exchange.timings().total();
    }

    public long responseSize() {
        return exchange.response() == null ? 0 : exchange.response().body().size();
    }

    /** Bytes of captured bodies this entry holds in memory (for the log's memory budget). */
    public long capturedBytes() {
        long bytes = exchange.request().body().bytes().length;
        if (exchange.response() != null) {
            bytes += exchange.response().body().bytes().length;
        }
        return bytes;
    }

    /**
     * The same entry with each body cut to its first {@code max} bytes (their size is kept, so the inspector says what
     * was cut): what the history keeps on disk, and what the log keeps of old entries when its memory budget is spent.
     */
    public LogEntry withBodiesCutTo(int max) {
        Exchange x = exchange;
        CapturedRequest request = x.request();
        CapturedResponse response = x.response();
        if (request.body().bytes().length <= max && (response == null || response.body().bytes().length <= max)) {
            return this;
        }
        Exchange cut = new Exchange(x.id(), x.tunnelId(),
                new CapturedRequest(request.method(), request.target(), request.headers(), cut(request.body(), max),
                        request.prefix(), request.caughtAt()),
                response == null ? null : new CapturedResponse(response.status(), response.headers(), cut(response.body(), max)),
                x.timings(), x.error(), x.replayOf(), x.policy());
        return new LogEntry(id, tunnelKey, tunnelName, publicUrl, cut, replayOf);
    }

    private static CapturedBody cut(CapturedBody body, int max) {
        return body.bytes().length <= max ? body : new CapturedBody(java.util.Arrays.copyOf(body.bytes(), max), body.size());
    }

    public boolean isReplay() {
        return replayOf != null;
    }

    /** The URL the caller used, when the public URL is known. */
    public URI url() {
        if (publicUrl == null) {
            return null;
        }
        String base = publicUrl.toString();
        String target = target().startsWith("/") ? target().substring(1) : target();
        return URI.create(base.endsWith("/") ? base + target : base + "/" + target);
    }
}
