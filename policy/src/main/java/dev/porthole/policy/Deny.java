package dev.porthole.policy;

/** Refuses every request its {@link #match()} selects: 403 {@code denied}. */
public record Deny(RequestMatch match) implements RequestRule {
    public static final String KIND = "deny";

    public static Deny matching(RequestMatch match) {
        return new Deny(match);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String describe() {
        return match.describe();
    }
}
