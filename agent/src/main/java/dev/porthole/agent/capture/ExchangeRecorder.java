package dev.porthole.agent.capture;

import dev.porthole.protocol.HttpHeaders;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a finished request/response pair into an {@link Exchange} — bodies capped at the capture limit, IDs
 * unique in this process — and adds it to the log, which tells the listeners.
 */
public final class ExchangeRecorder {
    /** Shared by every tunnel in the process, so an ID names one exchange even in an app running several. */
    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    private final ExchangeLog log;
    private final int captureBodyBytes;

    public ExchangeRecorder(ExchangeLog log, int captureBodyBytes) {
        this.log = log;
        this.captureBodyBytes = captureBodyBytes;
    }

    /** The request as captured: its body cut at the capture limit (flagged as truncated when cut). */
    public CapturedRequest request(String method, String target, HttpHeaders headers, byte[] body, String prefix) {
        return request(method, target, headers, body, prefix, null);
    }

    /** @param caughtAt when the backend kept the request for an offline tunnel, or null for a live one */
    public CapturedRequest request(String method, String target, HttpHeaders headers, byte[] body, String prefix, Instant caughtAt) {
        return new CapturedRequest(method, target, headers, CapturedBody.of(body, captureBodyBytes), prefix, caughtAt);
    }

    /**
     * Records one exchange and returns it.
     *
     * @param error    why the agent answered instead of the local service, or why the answer did not get back; null if neither
     * @param replayOf the ID of the exchange this one replays, or null for live traffic
     * @param policy   what the tunnel's traffic rules made of the request ({@link Exchange#policy()}), or null
     */
    public Exchange record(String tunnelId, CapturedRequest request, int status, HttpHeaders responseHeaders,
                           byte[] responseBody, Timings timings, String error, String replayOf, String policy) {
        Exchange exchange = new Exchange(Long.toString(NEXT_ID.getAndIncrement()), tunnelId, request,
            new CapturedResponse(status, responseHeaders, CapturedBody.of(responseBody, captureBodyBytes)),
            timings, error, replayOf, policy);
        log.add(exchange);
        return exchange;
    }
}
