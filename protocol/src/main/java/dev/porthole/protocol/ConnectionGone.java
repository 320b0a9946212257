package dev.porthole.protocol;

import java.util.Objects;

/**
 * Backend-internal: told to every relay when an agent's connection closes, so requests waiting for
 * that agent fail at once with 502 instead of waiting for their deadline.
 */
public record ConnectionGone(String connectionId) implements Message {
    public ConnectionGone {
        Objects.requireNonNull(connectionId, "connectionId");
    }
}
