package dev.porthole.protocol;

/**
 * Backend-internal: a relay connection asks for its own connection ID, which API Gateway only ever
 * tells the backend. The answer is {@link YouAre}.
 */
public record WhoAmI() implements Message {
}
