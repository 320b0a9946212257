package dev.porthole.agent.tunnel;

import dev.porthole.agent.FailureReason;

/** A connection attempt failed; {@link #reason()} says whether trying again can help. */
public final class TunnelRefused extends Exception {
    private final FailureReason reason;

    public TunnelRefused(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TunnelRefused(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }

    /** Whether the same attempt can succeed later without the person changing anything. */
    public boolean transientFailure() {
        return reason == FailureReason.BACKEND_UNREACHABLE || reason == FailureReason.INTERNAL;
    }
}
