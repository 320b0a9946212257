package dev.porthole.protocol;

import java.util.Objects;

/** Backend-internal: the answer to {@link WhoAmI}. */
public record YouAre(String connectionId) implements Message {
    public YouAre {
        Objects.requireNonNull(connectionId, "connectionId");
    }
}
