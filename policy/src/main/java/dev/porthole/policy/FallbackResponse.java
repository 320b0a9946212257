package dev.porthole.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The answer callers get, instead of Porthole's own error page, when the tunnel is offline or its local service is
 * down ({@link #when()}) — e.g. a 503 maintenance page with {@code Retry-After}. Where it sits in the policy does
 * not matter; a policy has at most one per {@link Unavailability}.
 */
public record FallbackResponse(Set<Unavailability> when, StaticResponse response) implements Rule {
    public static final String KIND = "fallback-response";

    public FallbackResponse {
        if (when.isEmpty()) {
            throw InvalidPolicyException.at("when", "say when to answer: tunnel-offline, local-service-down or both");
        }
        when = Collections.unmodifiableSet(EnumSet.copyOf(when));
    }

    public static FallbackResponse of(Set<Unavailability> when, StaticResponse response) {
        return new FallbackResponse(when, response);
    }

    /** For both: the tunnel offline and the local service down. */
    public static FallbackResponse always(StaticResponse response) {
        return new FallbackResponse(EnumSet.allOf(Unavailability.class), response);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String describe() {
        return when.stream().map(Unavailability::wireName).collect(Collectors.joining(", ")) + " → " + response.status();
    }
}
