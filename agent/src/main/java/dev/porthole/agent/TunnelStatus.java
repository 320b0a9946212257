package dev.porthole.agent;

import java.net.URI;
import java.time.Instant;

/** Where a tunnel is, as the app's status light and the command line show it. */
public sealed interface TunnelStatus {

    /** Opening the WebSocket and waiting for {@code established}. */
    record Connecting() implements TunnelStatus {
    }

    /** Public requests reach the local port through {@code publicUrl}. */
    record Online(URI publicUrl, String tunnelId) implements TunnelStatus {
    }

    /**
     * The connection dropped or could not be opened; the agent tries again by itself at {@code nextAttemptAt},
     * keeping the same tunnel ID and so the same URL.
     */
    record Reconnecting(int attempt, Instant nextAttemptAt, FailureReason reason, String message) implements TunnelStatus {
    }

    /** Stopped on request. */
    record Stopped() implements TunnelStatus {
    }

    /** Stopped because trying again cannot help until the person changes something; {@code message} says what. */
    record Failed(FailureReason reason, String message) implements TunnelStatus {
    }
}
