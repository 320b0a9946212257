package dev.porthole.deploy;

import java.util.Optional;

/**
 * A deployment (or removal) that did not succeed, told in plain words: what went wrong
 * ({@link #problem()}), and what the user can do about it ({@link #nextStep()}).
 * {@link #getMessage()} is both, ready to show.
 */
public class DeployException extends RuntimeException {

    private final String problem;
    private final String nextStep;
    private final String stackStatus;
    private final String failedResource;

    public DeployException(String problem, String nextStep) {
        this(problem, nextStep, null, null, null);
    }

    public DeployException(String problem, String nextStep, Throwable cause) {
        this(problem, nextStep, null, null, cause);
    }

    public DeployException(String problem, String nextStep, String stackStatus, String failedResource, Throwable cause) {
        super(problem + " " + nextStep, cause);
        this.problem = problem;
        this.nextStep = nextStep;
        this.stackStatus = stackStatus;
        this.failedResource = failedResource;
    }

    public String problem() {
        return problem;
    }

    public String nextStep() {
        return nextStep;
    }

    /** The stack's status when it stopped (e.g. {@code ROLLBACK_COMPLETE}), if a stack operation failed. */
    public Optional<String> stackStatus() {
        return Optional.ofNullable(stackStatus);
    }

    /** The logical ID of the first resource that failed, if CloudFormation named one. */
    public Optional<String> failedResource() {
        return Optional.ofNullable(failedResource);
    }
}
