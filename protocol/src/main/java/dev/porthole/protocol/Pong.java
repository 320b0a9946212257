package dev.porthole.protocol;

/** The answer to a {@link Ping}, carrying its {@code sentAt} back so the agent can measure the round trip. */
public record Pong(long sentAt) implements Message {
}
