package dev.porthole.local.lambda;

import java.time.Duration;
import java.time.Instant;

/**
 * One invocation, as tests, diagnostics and the scenario report see it: the exact event the function received and
 * what it returned (or how it failed), in which execution environment, and whether it waited for a cold start.
 *
 * @param environmentId   the execution environment that ran it; empty when Lambda refused it (throttled, too large)
 * @param coldStart       whether it waited for its environment to start (or restore): a cold start on its path
 * @param coldStartTime   how long that wait was (zero when warm)
 * @param firstAfterStart the first invocation its environment ran (what "first invocation after restore" means)
 * @param duration        from the moment Lambda took it to its end, cold start included
 * @param response        null when it failed
 * @param failure         null when it succeeded
 */
public record Invocation(String requestId, String environmentId, Instant startedAt, Duration duration, boolean coldStart,
                         Duration coldStartTime, boolean firstAfterStart, byte[] event, byte[] response,
                         LambdaException.Kind failure, String error) {

    public boolean succeeded() {
        return failure == null;
    }

    /** How long the function itself ran, without the cold start. */
    public Duration handlerTime() {
        return duration.minus(coldStartTime);
    }
}
