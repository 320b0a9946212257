package dev.porthole.agent.replay;

import dev.porthole.agent.AgentOptions.HostHeader;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.capture.ExchangeLog;
import dev.porthole.agent.capture.ExchangeRecorder;
import dev.porthole.agent.capture.Timings;
import dev.porthole.agent.forward.IncomingRequest;
import dev.porthole.agent.forward.LocalForwarder;
import dev.porthole.agent.forward.LocalResponse;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sends a captured request — as it was, or edited — to the local service again, with the same rules as live
 * traffic (Host, X-Forwarded-*, hop-by-hop headers), and records the result as a new exchange whose
 * {@link Exchange#replayOf()} names the original. It needs the local service, not the tunnel: it works while
 * the tunnel is offline, and {@link #standalone} makes one for a tunnel that is not running at all.
 *
 * <p>The header values and body bytes go to the forwarder exactly as given. Only the framing is made true: the
 * recorded and sent {@code Content-Length} is the body's real length (an edited body makes a typed one wrong), and
 * {@code Transfer-Encoding} goes, since the whole body is sent at once. The new exchange records the request with
 * those headers, so the log shows what was sent, not what was typed.
 */
public final class Replayer implements AutoCloseable {
    private final LocalForwarder forwarder;
    private final ExchangeRecorder recorder;
    private final long maxResponseBytes;
    private final boolean ownsForwarder;

    public Replayer(LocalForwarder forwarder, ExchangeRecorder recorder, long maxResponseBytes) {
        this(forwarder, recorder, maxResponseBytes, false);
    }

    private Replayer(LocalForwarder forwarder, ExchangeRecorder recorder, long maxResponseBytes, boolean ownsForwarder) {
        this.forwarder = forwarder;
        this.recorder = recorder;
        this.maxResponseBytes = maxResponseBytes;
        this.ownsForwarder = ownsForwarder;
    }

    /**
     * A replayer with a forwarder of its own, for a local service whose tunnel is not running (or any other
     * address): the same forwarding rules as a running tunnel's. {@link #close()} releases its connections.
     *
     * @param localBase        {@code http://host:port} (or https) of the service to send to
     * @param captureBodyBytes how much of each body the new exchange keeps
     */
    public static Replayer standalone(URI localBase, HostHeader hostHeader, Duration timeout, int captureBodyBytes,
                                      long maxResponseBytes) {
        // Nobody reads this log; the recorder needs one, and it holds the last exchange only.
        ExchangeRecorder recorder = new ExchangeRecorder(new ExchangeLog(1, 0), captureBodyBytes);
        return new Replayer(new LocalForwarder(localBase, hostHeader, timeout), recorder, maxResponseBytes, true);
    }

    /**
     * Sends {@code request} (the original's, or an edited copy) and waits for the answer. A local service that is
     * down, slow or broken gives an exchange whose {@link Exchange#error()} says so, as live traffic does.
     *
     * @param publicUrl the tunnel's public URL for X-Forwarded-Proto when the captured headers lack it; may be null
     * @throws PartialBodyException when the request's body was cut at capture: sending the first part of a body
     *                              as if it were all of it would mislead
     */
    public Exchange replay(Exchange original, CapturedRequest request, URI publicUrl) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(request, "request");
        if (request.body().truncated()) {
            throw new PartialBodyException(request.body().bytes().length, request.body().size());
        }
        byte[] body = request.body().bytes();
        HttpHeaders sent = framed(request.headers(), body.length);
        Instant started = Instant.now();
        IncomingRequest incoming = new IncomingRequest(request.method(), request.target(), sent, request.prefix(), body,
            publicUrl);
        LocalResponse response = forwarder.forward(incoming, maxResponseBytes);
        Instant completed = Instant.now();
        CapturedRequest captured = recorder.request(request.method(), request.target(), sent, body, request.prefix());
        return recorder.record(original.tunnelId(), captured, response.status(), response.headers(), response.body(),
            new Timings(started, response.sentToLocal(), response.localAnswered(), completed), response.error(),
            original.id(), null);
    }

    /**
     * The headers with the framing of a body of {@code length} bytes sent whole: {@code Content-Length} where the
     * request had one or has a body (in the place the first one was, so the order stays as captured), no
     * {@code Transfer-Encoding}. Every other line is kept exactly.
     */
    static HttpHeaders framed(HttpHeaders headers, int length) {
        List<Header> out = new ArrayList<>(headers.size() + 1);
        boolean lengthWritten = false;
        for (Header h : headers) {
            if (h.hasName("transfer-encoding")) {
                continue;
            }
            if (h.hasName("content-length")) {
                if (!lengthWritten) {
                    out.add(new Header(h.name(), Integer.toString(length)));
                    lengthWritten = true;
                }
                continue;
            }
            out.add(h);
        }
        if (!lengthWritten && length > 0) {
            out.add(new Header("Content-Length", Integer.toString(length)));
        }
        return HttpHeaders.of(out);
    }

    /** Closes the forwarder when this replayer made it ({@link #standalone}); a shared one stays open. */
    @Override
    public void close() {
        if (ownsForwarder) {
            forwarder.close();
        }
    }

    /** The request's body was captured only in part, so it cannot be sent as it was. */
    public static final class PartialBodyException extends IllegalArgumentException {
        private final long captured;
        private final long size;

        PartialBodyException(long captured, long size) {
            super("this request's body was captured only in part (" + captured + " of " + size + " bytes), so it cannot "
                + "be replayed as it was; replace the body, or raise the capture limit and capture it again");
            this.captured = captured;
            this.size = size;
        }

        /** Bytes of the body that were captured. */
        public long captured() {
            return captured;
        }

        /** The body's whole size. */
        public long size() {
            return size;
        }
    }
}
