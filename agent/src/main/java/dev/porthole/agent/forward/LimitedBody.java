package dev.porthole.agent.forward;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Reads a response body into memory, but no further than a limit: a body that announces or turns out to be
 * larger fails with {@link TooLargeException} as soon as that is known, and the rest is never read.
 *
 * <p>A stream of server-sent events ({@code text/event-stream}) never ends by itself, and the tunnel can only
 * deliver whole responses, so such a body is cut after a window: the caller gets the events sent so far and the
 * end of the response, and an {@code EventSource} simply reconnects — the stream arrives as a series of
 * windows instead of a timeout.
 */
final class LimitedBody implements BodySubscriber<LimitedBody.Read> {
    /** The body as read, and whether it was cut at the end of its window. */
    record Read(byte[] bytes, boolean cut) {
    }

    private final long limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<Read> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    /** The response announced a larger Content-Length: fail without reading any of it. */
    private final boolean announcedTooLarge;
    /** How long an event stream is read before it is cut; null for every other body. */
    private final Duration window;

    private LimitedBody(long limit, boolean announcedTooLarge, Duration window) {
        this.limit = limit;
        this.announcedTooLarge = announcedTooLarge;
        this.window = window;
    }

    /** @param streamWindow how long a {@code text/event-stream} body is read before it is cut */
    static BodyHandler<Read> handler(long limit, Duration streamWindow) {
        return info -> new LimitedBody(limit, info.headers().firstValueAsLong("content-length").orElse(-1) > limit,
            isEventStream(info.headers().firstValue("content-type").orElse("")) ? streamWindow : null);
    }

    static boolean isEventStream(String contentType) {
        return contentType.strip().toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }

    @Override
    public CompletionStage<Read> getBody() {
        return result;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (announcedTooLarge) {
            s.cancel();
            result.completeExceptionally(new TooLargeException(limit));
            return;
        }
        if (window != null) {
            CompletableFuture.delayedExecutor(window.toMillis(), TimeUnit.MILLISECONDS).execute(this::cut);
        }
        s.request(Long.MAX_VALUE);
    }

    /** The window is over: what arrived is the body; the rest of the stream is not read. */
    private synchronized void cut() {
        if (!result.isDone()) {
            // complete first: cancelling first would fail the whole exchange before the body is taken
            result.complete(new Read(bytes.toByteArray(), true));
            subscription.cancel();
        }
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            if (bytes.size() + (long) b.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLargeException(limit));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.writeBytes(chunk);
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public synchronized void onComplete() {
        result.complete(new Read(bytes.toByteArray(), false));
    }

    /** The response body is over the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("the response body is over the " + limit + "-byte limit");
        }
    }
}
