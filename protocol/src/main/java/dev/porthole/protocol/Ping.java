package dev.porthole.protocol;

/**
 * Keeps the connection inside API Gateway's 10-minute idle limit and proves it still carries messages.
 * The backend answers with a {@link Pong} carrying the same {@code sentAt}.
 */
public record Ping(long sentAt) implements Message {
}
