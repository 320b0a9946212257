package dev.porthole.deploy.stack;

import java.util.List;

import dev.porthole.deploy.DeployException;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/** Explains a failed stack operation: the first resource that failed, why, and where the stack is now. */
public final class StackFailure {

    private StackFailure() {
    }

    /** The first failure that caused the others (cancellations are consequences, not causes). */
    public static StackEvent firstCause(List<StackEvent> events, String stackName) {
        StackEvent fallback = null;
        for (StackEvent event : events) {
            String status = event.resourceStatusAsString();
            if (status == null || !status.endsWith("_FAILED") || event.logicalResourceId().equals(stackName)) {
                continue;
            }
            String reason = String.valueOf(event.resourceStatusReason());
            if (reason.contains("cancelled")) {
                fallback = fallback == null ? event : fallback;
                continue;
            }
            return event;
        }
        return fallback;
    }

    /**
     * @param operation what was attempted, as a verb ("create", "update", "delete")
     */
    public static DeployException explain(String operation, StackState state, List<StackEvent> events) {
        StackEvent cause = firstCause(events, state.name());
        String what;
        if (cause != null) {
            what = cause.logicalResourceId() + " (" + cause.resourceType() + ") could not be "
                    + pastTense(cause.resourceStatusAsString()) + ": " + cause.resourceStatusReason();
        } else if (!state.statusReason().isEmpty()) {
            what = state.statusReason();
        } else {
            what = "CloudFormation gave no reason";
        }
        String where;
        String next;
        switch (state.status()) {
            case "ROLLBACK_COMPLETE" -> {
                where = "CloudFormation rolled the new stack back and removed what it had created (ROLLBACK_COMPLETE).";
                next = "Fix the cause above, then deploy again: Porthole removes the failed stack first.";
            }
            case "UPDATE_ROLLBACK_COMPLETE" -> {
                where = "CloudFormation rolled the stack back: the previous version is still running (UPDATE_ROLLBACK_COMPLETE).";
                next = "Fix the cause above, then deploy again.";
            }
            case "UPDATE_ROLLBACK_FAILED" -> {
                where = "The rollback failed too (UPDATE_ROLLBACK_FAILED): the stack needs a hand before it can be updated again.";
                next = "In the CloudFormation console choose \"Continue update rollback\" for this stack (skipping the resource "
                        + "that cannot roll back if needed), then deploy again.";
            }
            case "ROLLBACK_FAILED" -> {
                where = "The rollback failed too (ROLLBACK_FAILED): some resources of the attempt are left.";
                next = "Remove the stack (porthole-deployer destroy, or delete it in the CloudFormation console), then deploy again.";
            }
            case "DELETE_FAILED" -> {
                where = "The stack could not be deleted completely (DELETE_FAILED).";
                next = "Remove what blocks the resource above (or delete the stack in the CloudFormation console, keeping "
                        + "that resource), then run destroy again.";
            }
            default -> {
                where = "The stack ended in " + state.status() + ".";
                next = "Look at the stack's events in the CloudFormation console, then try again.";
            }
        }
        return new DeployException("Could not " + operation + " stack '" + state.name() + "': " + what + ". " + where, next,
                state.status(), cause == null ? null : cause.logicalResourceId(), null);
    }

    private static String pastTense(String status) {
        if (status.startsWith("CREATE")) {
            return "created";
        }
        if (status.startsWith("UPDATE")) {
            return "updated";
        }
        if (status.startsWith("DELETE")) {
            return "deleted";
        }
        return "changed";
    }
}
