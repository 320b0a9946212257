package dev.porthole.protocol;

import java.util.Arrays;

/** The codes an {@link ErrorMessage} can carry. */
public enum ErrorCode {
    /** The message was not JSON, or lacked a required field. */
    MALFORMED_MESSAGE("malformed_message"),
    /** The message's {@code type} is not one this side knows. */
    UNKNOWN_TYPE("unknown_type"),
    /** A message was larger than {@link Limits#MAX_MESSAGE_BYTES}. */
    MESSAGE_TOO_LARGE("message_too_large"),
    /** A response or chunk named a request this connection was never sent (or that already ended). */
    UNKNOWN_REQUEST("unknown_request"),
    /** A body was larger than the backend accepts. */
    BODY_TOO_LARGE("body_too_large"),
    /** The agent's protocol version is not one the backend speaks. */
    UNSUPPORTED_PROTOCOL("unsupported_protocol"),
    /** The connection is not a tunnel (no successful $connect claim, or it was taken over). */
    NOT_A_TUNNEL("not_a_tunnel"),
    /** The agent could not produce a response for the request (used only when it cannot answer with HTTP). */
    REQUEST_FAILED("request_failed"),
    /** The connection sent more messages than the backend takes from one connection; the rest are ignored. */
    TOO_MANY_MESSAGES("too_many_messages"),
    /**
     * The traffic rules in {@link Ready#policy()} are not valid (the message says which rule and why), or were sent
     * without being announced in the handshake; the tunnel forwards nothing until the agent connects with good ones.
     */
    BAD_POLICY("bad_policy"),
    /** Anything else. */
    INTERNAL("internal");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ErrorCode fromWireName(String wireName) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(wireName)).findFirst().orElse(INTERNAL);
    }
}
