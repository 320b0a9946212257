package dev.porthole.desktop.replay;

import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.log.LogEntry;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Sends a (possibly edited) request again and captures what comes back. The app's one implementation is {@link ReplayEngine}. */
public interface ReplayService {

    /**
     * Sends {@code request} (the original's, or an edited copy) to {@code base} (scheme, host and port; the request's
     * target is appended). The future completes with the exchange, also when the target could not be reached or did not
     * answer in time (then {@link Exchange#error()} says why); it fails only when the request cannot be sent at all:
     * with {@link dev.porthole.agent.replay.Replayer.PartialBodyException} for a body captured only in part.
     */
    CompletableFuture<Exchange> send(URI base, LogEntry original, CapturedRequest request);
}
