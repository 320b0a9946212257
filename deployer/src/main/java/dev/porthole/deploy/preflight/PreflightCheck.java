package dev.porthole.deploy.preflight;

import java.util.Objects;

/**
 * The result of one check made before a stack is created or updated, in plain words.
 *
 * @param subject  what was checked
 * @param outcome  passed, a warning (the deployment goes on), or failed (the deployment stops before anything is made)
 * @param message  what was found, as a sentence
 * @param nextStep what to do about it; empty when the check passed
 */
public record PreflightCheck(Subject subject, Outcome outcome, String message, String nextStep) {

    public enum Subject {
        /** Lambda SnapStart for Java 21 on arm64 in the stack's Region. */
        SNAPSTART_REGION,
        /** The account's Lambda concurrency limit. */
        CONCURRENCY,
        /** The custom domain's ACM certificate. */
        CERTIFICATE,
        /** A log group the stack creates must not exist already. */
        LOG_GROUP
    }

    public enum Outcome { PASSED, WARNING, FAILED }

    public PreflightCheck {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        nextStep = nextStep == null ? "" : nextStep;
    }

    public static PreflightCheck passed(Subject subject, String message) {
        return new PreflightCheck(subject, Outcome.PASSED, message, "");
    }

    public static PreflightCheck warning(Subject subject, String message, String nextStep) {
        return new PreflightCheck(subject, Outcome.WARNING, message, nextStep);
    }

    public static PreflightCheck failed(Subject subject, String message, String nextStep) {
        return new PreflightCheck(subject, Outcome.FAILED, message, nextStep);
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /** One line for a progress log: the outcome, the message and the next step. */
    public String line() {
        return switch (outcome) {
            case PASSED -> "Check passed: " + message;
            case WARNING -> "Warning: " + message + (nextStep.isEmpty() ? "" : " Next: " + nextStep);
            case FAILED -> "Check failed: " + message + (nextStep.isEmpty() ? "" : " Next: " + nextStep);
        };
    }
}
