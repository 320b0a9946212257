package dev.porthole.policy;

import java.util.Arrays;
import java.util.Optional;

/** Why a request could not be answered by the local service, for a {@link FallbackResponse}. */
public enum Unavailability {
    /** The tunnel's agent is not connected (or left while the request was on its way). */
    TUNNEL_OFFLINE("tunnel-offline"),
    /** The agent is there, but the local service refused the connection, failed or did not answer in time. */
    LOCAL_SERVICE_DOWN("local-service-down");

    private final String wireName;

    Unavailability(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Unavailability> fromWireName(String name) {
        return Arrays.stream(values()).filter(u -> u.wireName.equals(name)).findFirst();
    }

    /**
     * The unavailability an {@code X-Porthole-Error} code stands for: {@code tunnel-offline} and {@code agent-gone}
     * (from the backend) are the tunnel being offline; {@code local-refused}, {@code local-timeout}, {@code local-error}
     * (from the agent) and {@code agent-timeout} (the backend gave up waiting) are the local service being down.
     * Every other code (a too-large body, a busy agent…) is not an outage, and keeps its own answer.
     */
    public static Optional<Unavailability> ofErrorCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return switch (code) {
            case "tunnel-offline", "agent-gone" -> Optional.of(TUNNEL_OFFLINE);
            case "local-refused", "local-timeout", "local-error", "agent-timeout" -> Optional.of(LOCAL_SERVICE_DOWN);
            default -> Optional.empty();
        };
    }
}
