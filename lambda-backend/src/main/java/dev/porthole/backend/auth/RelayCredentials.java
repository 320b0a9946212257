package dev.porthole.backend.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How a relay connection (the function's own WebSocket to its WebSocket API) proves it belongs to this
 * backend in {@code $connect}: the current time, signed with a key derived from the token hash. Only the
 * function and whoever holds the agent token can make one.
 */
public final class RelayCredentials {
    public static final String HEADER = "X-Porthole-Relay";
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Keys keys;
    private final Clock clock;

    public RelayCredentials(Keys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    public String headerValue() {
        String seconds = Long.toString(clock.instant().getEpochSecond());
        return seconds + "." + keys.mac(Keys.Purpose.RELAY, seconds);
    }

    public boolean accepts(Optional<String> headerValue) {
        if (headerValue.isEmpty()) {
            return false;
        }
        String value = headerValue.get().trim();
        int dot = value.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        String seconds = value.substring(0, dot);
        try {
            long age = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(seconds));
            return age <= SKEW.toSeconds() && keys.verify(Keys.Purpose.RELAY, value.substring(dot + 1), seconds);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
