package dev.porthole.local.lambda.crac;

/** An {@code afterRestore} hook failed; on AWS the invocation fails with SnapStartRestoreException. */
public class RestoreException extends Exception {
    public RestoreException() {
        super("an afterRestore hook failed");
    }
}
