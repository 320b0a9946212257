package dev.porthole.local.lambda;

/** The function failed: it threw, or ran past its timeout. API Gateway turns this into its own error answer. */
public final class LambdaException extends Exception {
    public LambdaException(String message, Throwable cause) {
        super(message, cause);
    }
}
