package dev.porthole.protocol;

/** A message that breaks the protocol; {@link #code()} is what to tell the sender. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ProtocolException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The error to send back to whoever sent the offending message. */
    public ErrorMessage toErrorMessage(String requestId) {
        return new ErrorMessage(requestId, code, getMessage());
    }
}
