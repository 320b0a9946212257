package dev.porthole.backend.store;

import dev.porthole.policy.TrafficPolicy;

import java.util.Objects;
import java.util.Optional;

/**
 * What a tunnel's agent asks of the backend for its public URL, set each time it connects.
 *
 * @param access            the digest callers' {@code Authorization: Basic} must match
 *                          ({@link dev.porthole.protocol.BasicAuth}); empty = open to anyone with the URL
 * @param catchWhileOffline keep requests that arrive while the agent is away, and deliver them when it is back
 * @param rules             the traffic rules the function runs on every public request ({@link TrafficPolicy#NONE}: none)
 * @param rulesPending      on the tunnel item: its owner's {@code ready} has not yet put its rules (or none) in force, as
 *                          after every claim, so no public request may reach the tunnel; on a connection record: the
 *                          agent announced rules at {@code $connect}, which its {@code ready} must bring
 */
public record TunnelPolicy(Optional<String> access, boolean catchWhileOffline, TrafficPolicy rules, boolean rulesPending) {
    public static final TunnelPolicy OPEN = new TunnelPolicy(Optional.empty(), false);

    public TunnelPolicy {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(rules, "rules");
    }

    /** Without traffic rules. */
    public TunnelPolicy(Optional<String> access, boolean catchWhileOffline) {
        this(access, catchWhileOffline, TrafficPolicy.NONE, false);
    }

    /** The same, with no rules in force until the agent's {@code ready} brings them. */
    public TunnelPolicy awaitingRules() {
        return new TunnelPolicy(access, catchWhileOffline, TrafficPolicy.NONE, true);
    }

    /** The same, with {@code newRules} in force. */
    public TunnelPolicy withRules(TrafficPolicy newRules) {
        return new TunnelPolicy(access, catchWhileOffline, newRules, false);
    }
}
