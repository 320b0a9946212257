package dev.porthole.local.wiring;

/** A stage's throttling target from the template's {@code DefaultRouteSettings}: a token bucket, per route. */
public record Throttle(double ratePerSecond, int burst) {
    public Throttle {
        if (ratePerSecond < 0 || burst < 0) {
            throw new IllegalArgumentException("throttling limits must not be negative");
        }
    }
}
