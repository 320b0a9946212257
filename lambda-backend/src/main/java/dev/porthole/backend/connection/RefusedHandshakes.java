package dev.porthole.backend.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Handshakes refused for a missing or wrong token, summarised: the first one after a quiet interval is logged at
 * once (someone may have mistyped a token, and wants to see it), the rest as one line per interval counting them
 * per source address. A script hammering the endpoint with bad tokens then costs one log line a minute, not two per
 * attempt — CloudWatch Logs bills by the gigabyte ingested.
 *
 * <p>An execution environment keeps its own counts; Lambda gives it no time between invocations, so a finished
 * interval is written by the next handshake that environment handles, refused or not.
 */
public final class RefusedHandshakes {
    public static final Duration INTERVAL = Duration.ofMinutes(1);
    /** Sources named one by one in a summary; the rest are counted together. */
    private static final int SOURCES_NAMED = 5;

    private final Clock clock;
    private final Consumer<String> log;
    private final Map<String, Integer> bySource = new LinkedHashMap<>();
    private Instant intervalStart;

    public RefusedHandshakes(Clock clock, Consumer<String> log) {
        this.clock = clock;
        this.log = log;
    }

    /** A handshake was refused for its token; {@code source} is the caller's address as API Gateway saw it. */
    public synchronized void refused(String source) {
        Instant now = clock.instant();
        flushIfDue(now);
        if (intervalStart == null) {
            intervalStart = now;
            log.accept("refused an agent from " + source + " with a missing or wrong token; further refusals are summarised every "
                + INTERVAL.toSeconds() + " s");
            return;
        }
        bySource.merge(source, 1, Integer::sum);
    }

    /** Any handshake: writes the summary of an interval that has ended. */
    public synchronized void tick() {
        flushIfDue(clock.instant());
    }

    private void flushIfDue(Instant now) {
        if (intervalStart == null || Duration.between(intervalStart, now).compareTo(INTERVAL) < 0) {
            return;
        }
        if (bySource.isEmpty()) {
            intervalStart = null; // quiet for a whole interval: the next refusal is news again
            return;
        }
        int total = bySource.values().stream().mapToInt(Integer::intValue).sum();
        String named = bySource.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(SOURCES_NAMED)
            .map(e -> e.getKey() + " ×" + e.getValue())
            .collect(Collectors.joining(", "));
        int others = bySource.size() - Math.min(SOURCES_NAMED, bySource.size());
        log.accept("refused " + total + " more handshake" + (total == 1 ? "" : "s") + " with a missing or wrong token in the last "
            + Duration.between(intervalStart, now).toSeconds() + " s: " + named + (others > 0 ? " and " + others + " other sources" : ""));
        bySource.clear();
        intervalStart = now;
    }
}
