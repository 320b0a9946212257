package dev.porthole.desktop.replay;

import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.Exchange;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Sends a (possibly edited) request again and captures what comes back. */
public interface ReplayService {

    /**
     * Sends {@code request} to {@code base} (scheme, host and port; the request's target is appended). The future
     * completes with the exchange, also when the target could not be reached (then {@link Exchange#error()} says why).
     */
    CompletableFuture<Exchange> send(URI base, CapturedRequest request, String originalExchangeId, String tunnelId);
}
