package dev.porthole.agent.replay;

import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.capture.ExchangeRecorder;
import dev.porthole.agent.capture.Timings;
import dev.porthole.agent.forward.IncomingRequest;
import dev.porthole.agent.forward.LocalForwarder;
import dev.porthole.agent.forward.LocalResponse;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * Sends a captured request — as it was, or edited — to the local service again, with the same rules as live
 * traffic (Host, X-Forwarded-*, hop-by-hop headers), and records the result as a new exchange whose
 * {@link Exchange#replayOf()} names the original. It needs the local service, not the tunnel: it works while
 * the tunnel is offline.
 */
public final class Replayer {
    private final LocalForwarder forwarder;
    private final ExchangeRecorder recorder;
    private final long maxResponseBytes;

    public Replayer(LocalForwarder forwarder, ExchangeRecorder recorder, long maxResponseBytes) {
        this.forwarder = forwarder;
        this.recorder = recorder;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Sends {@code request} (the original's, or an edited copy) and waits for the answer.
     *
     * @param publicUrl the tunnel's public URL for X-Forwarded-Proto when the captured headers lack it; may be null
     * @throws IllegalArgumentException when the request's body was cut at capture: sending the first part
     *                                  of a body as if it were all of it would mislead
     */
    public Exchange replay(Exchange original, CapturedRequest request, URI publicUrl) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(request, "request");
        if (request.body().truncated()) {
            throw new IllegalArgumentException("this request's body was captured only in part (" + request.body().bytes().length
                + " of " + request.body().size() + " bytes), so it cannot be replayed as it was; "
                + "replace the body, or raise the capture limit and capture it again");
        }
        Instant started = Instant.now();
        IncomingRequest incoming = new IncomingRequest(request.method(), request.target(), request.headers(),
            request.prefix(), request.body().bytes(), publicUrl);
        LocalResponse response = forwarder.forward(incoming, maxResponseBytes);
        Instant completed = Instant.now();
        CapturedRequest captured = recorder.request(request.method(), request.target(), request.headers(),
            request.body().bytes(), request.prefix());
        return recorder.record(original.tunnelId(), captured, response.status(), response.headers(), response.body(),
            new Timings(started, response.sentToLocal(), response.localAnswered(), completed), response.error(),
            original.id());
    }
}
