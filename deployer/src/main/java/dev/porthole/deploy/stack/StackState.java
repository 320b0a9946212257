package dev.porthole.deploy.stack;

import java.util.Map;

/**
 * What CloudFormation says about a stack.
 *
 * @param parameters the parameter values (NoEcho ones come back masked)
 */
public record StackState(String stackId, String name, String status, String statusReason,
                         Map<String, String> parameters, Map<String, String> outputs) {

    public StackState {
        statusReason = statusReason == null ? "" : statusReason;
        parameters = Map.copyOf(parameters);
        outputs = Map.copyOf(outputs);
    }

    /** Whether an operation is still running (REVIEW_IN_PROGRESS only waits for a change set, so it is not). */
    public boolean inProgress() {
        return status.endsWith("_IN_PROGRESS") && !status.equals("REVIEW_IN_PROGRESS");
    }

    public boolean failed() {
        return status.endsWith("_FAILED") || status.equals("ROLLBACK_COMPLETE") || status.equals("UPDATE_ROLLBACK_COMPLETE")
                || status.equals("IMPORT_ROLLBACK_COMPLETE");
    }
}
