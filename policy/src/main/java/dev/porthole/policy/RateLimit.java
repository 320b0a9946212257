package dev.porthole.policy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Refuses requests beyond {@code limit} per {@code per} window, counted for the whole tunnel or for each caller IP
 * (IPv6 callers by their /64, which one host usually has to itself): 429 {@code rate-limited} with
 * {@code Retry-After}. Only requests that reach this rule count, so put it after the rules that should refuse
 * first (a forged webhook refused by a signature rule does not use up the limit).
 */
public record RateLimit(RequestMatch match, int limit, Window per, Scope by) implements RequestRule {
    public static final String KIND = "rate-limit";
    public static final int MAX_LIMIT = 1_000_000;

    /** The length of the window the limit counts over. */
    public enum Window {
        SECOND("second", "s", Duration.ofSeconds(1)),
        MINUTE("minute", "min", Duration.ofMinutes(1)),
        HOUR("hour", "h", Duration.ofHours(1));

        private final String wireName;
        private final String unit;
        private final Duration length;

        Window(String wireName, String unit, Duration length) {
            this.wireName = wireName;
            this.unit = unit;
            this.length = length;
        }

        public String wireName() {
            return wireName;
        }

        /** As the command line writes it: {@code s}, {@code min}, {@code h}. */
        public String unit() {
            return unit;
        }

        public Duration length() {
            return length;
        }

        public static Optional<Window> fromWireName(String name) {
            return Arrays.stream(values()).filter(w -> w.wireName.equals(name)).findFirst();
        }

        public static Optional<Window> fromUnit(String unit) {
            return Arrays.stream(values()).filter(w -> w.unit.equals(unit)).findFirst();
        }
    }

    /** What the limit is counted for. */
    public enum Scope {
        /** All callers of the tunnel together. */
        TUNNEL("tunnel"),
        /** Each caller IP address (IPv6: each /64) on its own. */
        CALLER_IP("ip");

        private final String wireName;

        Scope(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<Scope> fromWireName(String name) {
            return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
        }
    }

    public RateLimit {
        java.util.Objects.requireNonNull(match, "match");
        java.util.Objects.requireNonNull(per, "per");
        java.util.Objects.requireNonNull(by, "by");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidPolicyException.at("limit", "limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
        }
    }

    public static RateLimit perTunnel(int limit, Window per) {
        return new RateLimit(RequestMatch.any(), limit, per, Scope.TUNNEL);
    }

    public static RateLimit perCallerIp(int limit, Window per) {
        return new RateLimit(RequestMatch.any(), limit, per, Scope.CALLER_IP);
    }

    public RateLimit matching(RequestMatch newMatch) {
        return new RateLimit(newMatch, limit, per, by);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String describe() {
        return limit + " requests per " + per.wireName() + (by == Scope.CALLER_IP ? " per caller IP" : " for the tunnel");
    }
}
