package dev.porthole.desktop.replay;

import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.replay.Replayer;
import dev.porthole.desktop.inspect.Sizes;
import dev.porthole.desktop.log.ExchangeSink;
import dev.porthole.desktop.log.LogEntry;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends a replay and logs what came back as a new entry linked to its original: what Replay, Edit and replay and the
 * control API share. A replay that reached nothing (target down, no answer in time) is still an entry, whose error
 * says why; one that could not be sent at all fails with {@link Failed}, whose message a person can act on.
 */
public final class Replays {
    private static final System.Logger LOG = System.getLogger(Replays.class.getName());

    private final ReplayService engine;
    private final ExchangeSink log;

    public Replays(ReplayService engine, ExchangeSink log) {
        this.engine = engine;
        this.log = log;
    }

    /** Completes with the new entry, already handed to the log; fails with {@link Failed}. */
    public CompletableFuture<LogEntry> send(LogEntry original, URI target, CapturedRequest request) {
        if (request.body().truncated()) {
            return CompletableFuture.failedFuture(new Failed(partialBody(request.body().bytes().length, request.body().size()), true));
        }
        CompletableFuture<Exchange> sent;
        try {
            sent = engine.send(target, original, request);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((exchange, error) -> {
            if (error != null) {
                throw new CompletionException(failure(error));
            }
            LogEntry entry = LogEntry.of(original.tunnelKey(), original.tunnelName(), original.publicUrl(), exchange, original.id());
            log.submit(entry);
            return entry;
        });
    }

    private static Failed failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof Failed f) {
            return f;
        }
        if (cause instanceof Replayer.PartialBodyException p) {
            return new Failed(partialBody(p.captured(), p.size()), true);
        }
        // the exception's own text is for the log, not for the person
        LOG.log(Level.WARNING, "a replay could not be sent", cause);
        return new Failed("The replay could not be sent. Next step: try again; if it keeps failing, restart Porthole.", false);
    }

    /** Why a body cut at capture is not sent, and what to do instead. */
    public static String partialBody(long captured, long size) {
        return "Only the first " + Sizes.format(captured) + " of this " + Sizes.format(size) + " body were captured, so it "
                + "cannot be sent as it was. Next step: Edit and replay, and replace the body.";
    }

    /** The short line a toast shows when a replay got no answer from its target. */
    public static String noAnswer(LogEntry replay) {
        String why = replay.exchange().error();
        return "The replay got no answer: " + (why == null ? "status " + replay.status() : why) + ".";
    }

    /** A replay that could not be sent; {@link #offersEdit()} when editing the request can fix it. */
    public static final class Failed extends RuntimeException {
        private final boolean offersEdit;

        public Failed(String message, boolean offersEdit) {
            super(message, null, false, false);
            this.offersEdit = offersEdit;
        }

        public boolean offersEdit() {
            return offersEdit;
        }
    }
}
