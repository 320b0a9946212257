package dev.porthole.agent.capture;

import java.time.Duration;
import java.time.Instant;

/**
 * When each step of an exchange happened.
 *
 * @param received      the whole request had arrived at the agent
 * @param sentToLocal   the agent began sending it to the local service
 * @param localAnswered the local service's whole response was read (null if it never answered)
 * @param completed     the response had been handed back to the backend
 */
public record Timings(Instant received, Instant sentToLocal, Instant localAnswered, Instant completed) {

    /** How long the local service took; zero if it never answered. */
    public Duration local() {
        return localAnswered == null ? Duration.ZERO : Duration.between(sentToLocal, localAnswered);
    }

    public Duration total() {
        return Duration.between(received, completed);
    }
}
