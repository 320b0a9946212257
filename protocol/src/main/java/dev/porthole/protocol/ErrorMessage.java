package dev.porthole.protocol;

import java.util.Objects;

/**
 * Something went wrong. Sent by either side; never closes the connection by itself.
 *
 * @param id      the request this error is about, or null when it is about the connection or a message
 *                that could not be read
 * @param code    one of {@link ErrorCode}'s wire names; a receiver treats codes it does not know as internal errors
 * @param message a sentence a person can act on
 */
public record ErrorMessage(String id, String code, String message) implements Message {
    public ErrorMessage {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public ErrorMessage(String id, ErrorCode code, String message) {
        this(id, code.wireName(), message);
    }

    public ErrorCode errorCode() {
        return ErrorCode.fromWireName(code);
    }
}
