package dev.porthole.agent.forward;

import dev.porthole.agent.AgentOptions.HostHeader;
import dev.porthole.agent.forward.http.ExchangeException;
import dev.porthole.agent.forward.http.Http1Client;
import dev.porthole.agent.forward.http.OutgoingRequest;
import dev.porthole.agent.forward.http.ReceivedResponse;
import dev.porthole.protocol.HttpHeaders;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends public requests to the local service and reads its answers, over the agent's own HTTP/1.1 client
 * ({@link Http1Client}, which keeps connections to the local service for reuse). A tunnel must not change what
 * passes through it: the method, target, header lines and body go out as the backend delivered them, under the
 * header rules of {@link ForwardingHeaders}, and nothing else is added. It never follows redirects — a 302 is the
 * application's answer to the caller — never decodes bodies, so gzip and every other encoding pass through as
 * bytes, and never sends a request twice. It never throws for anything the local service does: refusals, timeouts
 * and broken responses become the {@link ErrorPages} the caller receives.
 */
public final class LocalForwarder implements AutoCloseable {
    private final URI localBase;
    private final String localName;
    private final String localAuthority;
    private final HostHeader hostHeader;
    private final Duration timeout;
    /** How long a server-sent event stream is read before the events so far go to the caller. */
    private final Duration streamWindow;
    private final Http1Client client;

    /** Set on a response whose event stream was cut after this many milliseconds. */
    public static final String STREAM_CUT_HEADER = "X-Porthole-Stream-Cut";
    private static final Duration STREAM_WINDOW = Duration.ofSeconds(3);

    /** @param localBase {@code http://host:port} of the local service */
    public LocalForwarder(URI localBase, HostHeader hostHeader, Duration timeout) {
        this.localBase = localBase;
        this.localName = localBase.toString();
        this.localAuthority = localBase.getRawAuthority();
        this.hostHeader = hostHeader;
        this.timeout = timeout;
        this.streamWindow = STREAM_WINDOW.compareTo(timeout.dividedBy(2)) < 0 ? STREAM_WINDOW : timeout.dividedBy(2);
        String host = localBase.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        this.client = new Http1Client(host, localBase.getPort(), timeout, streamWindow);
    }

    /** The local service's base URI, {@code http://host:port}. */
    public URI localBase() {
        return localBase;
    }

    /**
     * Forwards one request, once, and waits for the whole response.
     *
     * @param maxResponseBytes a larger response body is not read to the end; the caller gets 502 instead
     */
    public LocalResponse forward(IncomingRequest request, long maxResponseBytes) {
        Instant sentAt = Instant.now();
        OutgoingRequest outgoing;
        try {
            if (request.method().equals("CONNECT")) {
                throw new IllegalArgumentException("CONNECT asks for a tunnel to another host, which a local service does not give");
            }
            outgoing = new OutgoingRequest(request.method(), RequestTargets.originForm(request.target()),
                ForwardingHeaders.toLocal(request, hostHeader, localAuthority), request.body());
        } catch (IllegalArgumentException e) {
            return ErrorPages.unsendable(e.getMessage(), sentAt);
        }
        try {
            ReceivedResponse response = client.exchange(outgoing, maxResponseBytes);
            if (response.status() == 101) {
                return ErrorPages.badResponse(localName, "it answered 101 Switching Protocols, and a tunnel through "
                    + "API Gateway's HTTP API cannot switch protocols (no WebSocket upgrades)", sentAt);
            }
            HttpHeaders headers = ForwardingHeaders.toCaller(response.headers());
            if (response.cut()) {
                headers = headers.with(STREAM_CUT_HEADER, Long.toString(streamWindow.toMillis()));
            }
            return new LocalResponse(response.status(), headers, response.body(), null, sentAt, Instant.now());
        } catch (ExchangeException e) {
            return switch (e.reason()) {
                case REFUSED -> ErrorPages.refused(localName, e.getMessage(), sentAt);
                case TIMEOUT -> ErrorPages.timeout(localName, timeout.toMillis(), sentAt);
                case TOO_LARGE -> ErrorPages.tooLarge(localName, maxResponseBytes, sentAt, Instant.now());
                case CLOSED -> ErrorPages.closed(localName, e.getMessage(), sentAt);
                case MALFORMED -> ErrorPages.badResponse(localName, e.getMessage(), sentAt);
                case STOPPED -> ErrorPages.failed(localName, e.getMessage(), sentAt);
            };
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
