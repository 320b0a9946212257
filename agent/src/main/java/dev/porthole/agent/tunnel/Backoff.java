package dev.porthole.agent.tunnel;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt 1 waits about {@code base}, each further attempt twice as long, never
 * more than {@code max}. The wait is drawn between half and all of that, so many agents cut off by the same
 * outage do not all come back in the same instant.
 */
public final class Backoff {
    private final long baseMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    public Backoff(Duration base, Duration max, RandomGenerator random) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.maxMillis = Math.max(baseMillis, max.toMillis());
        this.random = random;
    }

    /** The wait before attempt number {@code attempt} (1 for the first retry). */
    public Duration delay(int attempt) {
        int doublings = Math.min(Math.max(attempt, 1) - 1, 30);
        long ceiling = Math.min(maxMillis, baseMillis << doublings);
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
    }
}
