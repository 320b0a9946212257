package dev.porthole.desktop.deploy;

/**
 * One step of a deployment as the stack events report it.
 *
 * @param resource the logical resource (e.g. "Table", "Function"), or the stack itself
 * @param status   CloudFormation's status, e.g. CREATE_IN_PROGRESS
 * @param reason   CloudFormation's reason, often empty; on failure the cause
 * @param percent  0–100, an estimate from the resources done
 */
public record DeployProgress(String resource, String status, String reason, int percent) {

    public boolean failed() {
        return status != null && (status.endsWith("_FAILED") || status.contains("ROLLBACK"));
    }
}
