package dev.porthole.agent.forward;

import dev.porthole.agent.AgentOptions.HostHeader;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends public requests to the local service and reads its answers, on one shared {@link HttpClient} (so
 * connections to the local service are reused). It never follows redirects — a 302 is the application's
 * answer to the caller — and never decodes bodies, so gzip and every other encoding pass through as bytes.
 * It never throws for anything the local service does: refusals, timeouts and broken responses become the
 * {@link ErrorPages} the caller receives.
 */
public final class LocalForwarder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalForwarder.class.getName());

    private final URI localBase;
    private final String localName;
    private final HostHeader hostHeader;
    private final Duration timeout;
    /** How long a server-sent event stream is read before the events so far go to the caller (see LimitedBody). */
    private final Duration streamWindow;
    private final HttpClient client;

    /** Set on a response whose event stream was cut after this many milliseconds. */
    public static final String STREAM_CUT_HEADER = "X-Porthole-Stream-Cut";
    private static final Duration STREAM_WINDOW = Duration.ofSeconds(3);

    public LocalForwarder(URI localBase, HostHeader hostHeader, Duration timeout) {
        if (hostHeader == HostHeader.PUBLIC) {
            PublicHostHeader.requireAllowed();
        }
        this.localBase = localBase;
        this.localName = localBase.toString();
        this.hostHeader = hostHeader;
        this.timeout = timeout;
        this.streamWindow = STREAM_WINDOW.compareTo(timeout.dividedBy(2)) < 0 ? STREAM_WINDOW : timeout.dividedBy(2);
        this.client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // development servers speak HTTP/1.1; no h2c upgrade dance
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
    }

    /** The local service's base URI, {@code http://host:port}. */
    public URI localBase() {
        return localBase;
    }

    /**
     * Forwards one request and waits for the whole response.
     *
     * @param maxResponseBytes a larger response body is not read to the end; the caller gets 502 instead
     */
    public LocalResponse forward(IncomingRequest request, long maxResponseBytes) {
        Instant sentAt = Instant.now();
        HttpRequest local;
        try {
            local = toLocalRequest(request);
        } catch (IllegalArgumentException e) {
            return ErrorPages.unsendable(e.getMessage(), sentAt);
        }
        CompletableFuture<HttpResponse<LimitedBody.Read>> call =
            client.sendAsync(local, LimitedBody.handler(maxResponseBytes, streamWindow));
        try {
            HttpResponse<LimitedBody.Read> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() < 100 || response.statusCode() > 599) {
                return ErrorPages.failed(localName, "it answered with the invalid status " + response.statusCode(), sentAt);
            }
            HttpHeaders headers = ForwardingHeaders.toCaller(response.headers());
            if (response.body().cut()) {
                headers = headers.with(STREAM_CUT_HEADER, Long.toString(streamWindow.toMillis()));
            }
            return new LocalResponse(response.statusCode(), headers, response.body().bytes(), null, sentAt, Instant.now());
        } catch (TimeoutException e) {
            call.cancel(true); // closes the exchange with the local service
            return ErrorPages.timeout(localName, timeout.toMillis(), sentAt);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return ErrorPages.failed(localName, "the agent stopped before the answer came", sentAt);
        } catch (ExecutionException e) {
            return failure(e.getCause(), sentAt, maxResponseBytes);
        }
    }

    private HttpRequest toLocalRequest(IncomingRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(RequestTargets.resolve(localBase, request.target()))
            .timeout(timeout)
            .method(request.method(), request.body().length == 0
                ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(request.body()));
        for (Header h : ForwardingHeaders.toLocal(request, hostHeader)) {
            try {
                builder.header(h.name(), h.value());
            } catch (IllegalArgumentException e) {
                // A name or value HTTP/1.1 cannot carry (a control character, say): leave that one line out.
                LOG.log(System.Logger.Level.DEBUG, "header {0} not forwarded: {1}", h.name(), e.getMessage());
            }
        }
        return builder.build();
    }

    private LocalResponse failure(Throwable cause, Instant sentAt, long maxResponseBytes) {
        if (cause instanceof LimitedBody.TooLargeException) {
            return ErrorPages.tooLarge(localName, maxResponseBytes, sentAt, Instant.now());
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return ErrorPages.refused(localName, "no answer to the connection attempt within " + timeout.toMillis() + " ms", sentAt);
        }
        if (cause instanceof HttpTimeoutException) {
            return ErrorPages.timeout(localName, timeout.toMillis(), sentAt);
        }
        if (cause instanceof ConnectException || hasCause(cause, ConnectException.class)) {
            return ErrorPages.refused(localName, "connection refused", sentAt);
        }
        if (hasCause(cause, UnresolvedAddressException.class)) {
            return ErrorPages.refused(localName, "unknown host " + localBase.getHost(), sentAt);
        }
        if (cause instanceof IllegalArgumentException) {
            return ErrorPages.unsendable(cause.getMessage(), sentAt);
        }
        String detail = cause instanceof IOException && cause.getMessage() != null
            ? cause.getMessage() : cause.getClass().getSimpleName();
        return ErrorPages.failed(localName, detail, sentAt);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
