package dev.porthole.local.lambda;

import java.time.Duration;
import java.time.Instant;

/**
 * One invocation, as tests and diagnostics see it: the exact event the function received and what it
 * returned (or how it failed).
 *
 * @param response null when the function failed
 * @param error    null when it succeeded
 */
public record Invocation(String requestId, Instant startedAt, Duration duration, byte[] event, byte[] response,
                         String error, boolean coldStart) {
}
