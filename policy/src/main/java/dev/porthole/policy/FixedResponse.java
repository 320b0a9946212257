package dev.porthole.policy;

/**
 * Answers the requests its {@link #match()} selects from the backend, without reaching the local service (a
 * health check, {@code robots.txt}, a maintenance page, a provider's verification challenge). Works while the
 * tunnel is offline, too.
 */
public record FixedResponse(RequestMatch match, StaticResponse response) implements RequestRule {
    public static final String KIND = "fixed-response";

    public static FixedResponse of(RequestMatch match, StaticResponse response) {
        return new FixedResponse(match, response);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String describe() {
        return match.describe() + " → " + response.status();
    }
}
