package dev.porthole.deploy;

import java.util.List;
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
    private final List<String> functionLog;

    public DeployException(String problem, String nextStep) {
        this(problem, nextStep, null, null, null);
    }

    public DeployException(String problem, String nextStep, Throwable cause) {
        this(problem, nextStep, null, null, cause);
    }

    public DeployException(String problem, String nextStep, String stackStatus, String failedResource, Throwable cause) {
        this(problem, nextStep, stackStatus, failedResource, List.of(), cause);
    }

    private DeployException(String problem, String nextStep, String stackStatus, String failedResource,
                            List<String> functionLog, Throwable cause) {
        super(problem + " " + nextStep, cause);
        this.problem = problem;
        this.nextStep = nextStep;
        this.stackStatus = stackStatus;
        this.failedResource = failedResource;
        this.functionLog = List.copyOf(functionLog);
    }

    /**
     * The same failure with the function's last log lines, which are then also part of {@link #problem()} (so that
     * whoever shows the problem shows them). No lines, no change.
     */
    public DeployException withFunctionLog(List<String> lines) {
        if (lines.isEmpty()) {
            return this;
        }
        String shown = problem + "\nThe function's last log lines before the failure:\n  " + String.join("\n  ", lines);
        return new DeployException(shown, nextStep, stackStatus, failedResource, lines, getCause());
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

    /** What the function logged last before the failure (secrets removed), oldest first; empty if nothing was read. */
    public List<String> functionLog() {
        return functionLog;
    }
}
