package dev.porthole.policy.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The replay check of timestamped signatures: the signed time must be within the tolerance of now, either way. */
final class Timestamps {
    private Timestamps() {
    }

    /** Unix seconds written as 1 to 12 digits, or empty. */
    static Optional<Long> parse(String text) {
        if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    /** Empty when fresh; otherwise what is wrong, e.g. "the Stripe-Signature timestamp is 412 s old (at most 300 s)". */
    static Optional<String> staleness(String what, long signedAt, Instant now, Duration tolerance) {
        long age = now.getEpochSecond() - signedAt;
        if (age > tolerance.toSeconds()) {
            return Optional.of("the " + what + " is " + age + " s old (at most " + tolerance.toSeconds() + " s is accepted, against replays)");
        }
        if (-age > tolerance.toSeconds()) {
            return Optional.of("the " + what + " is " + -age + " s in the future (at most " + tolerance.toSeconds() + " s of clock difference is accepted)");
        }
        return Optional.empty();
    }
}
