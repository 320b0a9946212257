package dev.porthole.local.lambda;

import java.time.Duration;
import java.util.Objects;

/**
 * How faithfully the runtime behaves like Lambda, beyond the rules it always keeps (one invocation per execution
 * environment, a concurrency limit, timeouts that end the environment, SnapStart's hooks).
 *
 * @param concurrency   the account's concurrency limit: invocations past it are throttled, never queued
 * @param coldStart     how long a new environment takes before its first invocation (a SnapStart restore),
 *                      jittered by ±20 %; zero = as fast as this machine creates it
 * @param freeze        between invocations an environment receives nothing (frames for its sockets wait), and
 *                      an idle one is reclaimed abruptly after a random time in [reclaimAfterMin, reclaimAfterMax]
 * @param reclaimAfterMin shortest idle time before an environment may be reclaimed
 * @param reclaimAfterMax longest
 * @param payloadLimit  Lambda's synchronous invoke limit on the event and on the response (6 MB); 0 = none
 * @param isolated      each environment gets its own class loader, so static state is never shared between
 *                      environments as it never is on AWS (each is a separate JVM); costs memory and a class-loading
 *                      cold start per environment
 */
public record RuntimeSettings(int concurrency, Duration coldStart, boolean freeze, Duration reclaimAfterMin,
                              Duration reclaimAfterMax, long payloadLimit, boolean isolated) {

    /** AWS's standard concurrency quota per Region. */
    public static final int AWS_DEFAULT_CONCURRENCY = 1000;
    /** What a new AWS account often starts with. */
    public static final int NEW_ACCOUNT_CONCURRENCY = 10;
    /** Lambda's synchronous request and response limit: 6 MB. */
    public static final long AWS_PAYLOAD_LIMIT = 6L * 1024 * 1024;
    /** A Java 21 SnapStart restore with priming, rounded (published p50 about 1.4 s, unprimed 1.6–2.3 s). */
    public static final Duration LIKE_AWS_COLD_START = Duration.ofMillis(1000);
    /** AWS states no figure; public observations of idle environments' lifetimes start at about 5 minutes. */
    public static final Duration AWS_RECLAIM_MIN = Duration.ofMinutes(5);
    public static final Duration AWS_RECLAIM_MAX = Duration.ofMinutes(15);

    public RuntimeSettings {
        Objects.requireNonNull(coldStart, "coldStart");
        Objects.requireNonNull(reclaimAfterMin, "reclaimAfterMin");
        Objects.requireNonNull(reclaimAfterMax, "reclaimAfterMax");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (coldStart.isNegative()) {
            throw new IllegalArgumentException("the cold start must not be negative");
        }
        if (reclaimAfterMin.isNegative() || reclaimAfterMax.compareTo(reclaimAfterMin) < 0) {
            throw new IllegalArgumentException("the reclaim window must be 0 <= min <= max");
        }
        if (payloadLimit < 0) {
            throw new IllegalArgumentException("the payload limit must not be negative");
        }
    }

    /**
     * The runtime for this computer: AWS's standard quota, no artificial cold start, no freezing, no payload
     * cap, environments sharing one class loader. Idle environments are still let go after 5–15 minutes, so
     * memory does not stay at its peak.
     */
    public static RuntimeSettings fast() {
        return new RuntimeSettings(AWS_DEFAULT_CONCURRENCY, Duration.ZERO, false, AWS_RECLAIM_MIN, AWS_RECLAIM_MAX, 0, false);
    }

    /** A new AWS account as it really behaves: concurrency 10, 1 s cold starts, freezing, the 6 MB cap, isolation. */
    public static RuntimeSettings likeAws() {
        return new RuntimeSettings(NEW_ACCOUNT_CONCURRENCY, LIKE_AWS_COLD_START, true, AWS_RECLAIM_MIN, AWS_RECLAIM_MAX,
            AWS_PAYLOAD_LIMIT, true);
    }

    public RuntimeSettings withConcurrency(int value) {
        return new RuntimeSettings(value, coldStart, freeze, reclaimAfterMin, reclaimAfterMax, payloadLimit, isolated);
    }

    public RuntimeSettings withColdStart(Duration value) {
        return new RuntimeSettings(concurrency, value, freeze, reclaimAfterMin, reclaimAfterMax, payloadLimit, isolated);
    }

    public RuntimeSettings withFreeze(boolean value) {
        return new RuntimeSettings(concurrency, coldStart, value, reclaimAfterMin, reclaimAfterMax, payloadLimit, isolated);
    }

    public RuntimeSettings withReclaimAfter(Duration min, Duration max) {
        return new RuntimeSettings(concurrency, coldStart, freeze, min, max, payloadLimit, isolated);
    }

    public RuntimeSettings withPayloadLimit(long value) {
        return new RuntimeSettings(concurrency, coldStart, freeze, reclaimAfterMin, reclaimAfterMax, value, isolated);
    }

    public RuntimeSettings withIsolation(boolean value) {
        return new RuntimeSettings(concurrency, coldStart, freeze, reclaimAfterMin, reclaimAfterMax, payloadLimit, value);
    }
}
