package dev.porthole.agent.tunnel;

import dev.porthole.agent.FailureReason;

/** A connection attempt failed; {@link #reason()} says whether trying again can help. */
public final class TunnelRefused extends Exception {
    private final FailureReason reason;
    private String claimedTunnelId;

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

    /**
     * The tunnel ID the backend had already claimed for this attempt (its handshake answer named it) when the attempt
     * failed later: the next attempt asks for it, so no ID is left reserved for nobody.
     */
    public java.util.Optional<String> claimedTunnelId() {
        return java.util.Optional.ofNullable(claimedTunnelId);
    }

    TunnelRefused claimed(String tunnelId) {
        this.claimedTunnelId = tunnelId;
        return this;
    }

    /** Whether the same attempt can succeed later without the person changing anything. */
    public boolean transientFailure() {
        return reason == FailureReason.BACKEND_UNREACHABLE || reason == FailureReason.INTERNAL;
    }
}
