package dev.porthole.deploy;

import java.time.Instant;

/** What the deployer is doing, for a progress bar and a log. {@link #percent()} only grows. */
public sealed interface DeployProgress {

    /** 0–100, for the whole operation. */
    int percent();

    /** One line for a person. */
    String message();

    /** A step of the deployer itself: checking credentials, uploading code, creating the change set... */
    record Step(String message, int percent) implements DeployProgress {
    }

    /**
     * A stack event from CloudFormation.
     *
     * @param logicalId    the resource's logical ID in the template (the stack name for the stack itself)
     * @param resourceType e.g. {@code AWS::Lambda::Function}
     * @param status       CloudFormation's status, e.g. {@code CREATE_COMPLETE}, {@code UPDATE_FAILED}
     * @param reason       CloudFormation's reason, or empty
     */
    record ResourceEvent(String logicalId, String resourceType, String status, String reason, Instant time,
                         int percent) implements DeployProgress {

        public boolean failed() {
            return status.endsWith("_FAILED");
        }

        @Override
        public String message() {
            return logicalId + " (" + resourceType + ") " + status + (reason.isEmpty() ? "" : ": " + reason);
        }
    }
}
