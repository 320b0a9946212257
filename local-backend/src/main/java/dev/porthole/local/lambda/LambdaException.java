package dev.porthole.local.lambda;

/**
 * An invocation that returned nothing: Lambda refused it (throttled, too large) or the function failed (threw, ran
 * past its timeout, answered more than the payload limit). API Gateway turns each into its own error answer.
 */
public final class LambdaException extends Exception {

    /** Why; each matches an error the Lambda Invoke API reports. */
    public enum Kind {
        /** {@code TooManyRequestsException} (429): the concurrency limit was reached; the function never ran. */
        THROTTLED,
        /** {@code RequestEntityTooLargeException} (413): the event is over the payload limit; the function never ran. */
        REQUEST_TOO_LARGE,
        /** The function threw, or its environment failed to start ({@code Unhandled} function error). */
        FUNCTION_ERROR,
        /** "Task timed out after N seconds"; the environment is discarded. */
        TIMEOUT,
        /** The function's answer is over the payload limit ({@code Function.ResponseSizeTooLarge}). */
        RESPONSE_TOO_LARGE
    }

    private final Kind kind;

    public LambdaException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public LambdaException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the function never ran: Lambda refused the invocation itself. */
    public boolean refusedByLambda() {
        return kind == Kind.THROTTLED || kind == Kind.REQUEST_TOO_LARGE;
    }
}
