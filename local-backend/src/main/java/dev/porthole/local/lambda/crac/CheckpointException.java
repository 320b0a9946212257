package dev.porthole.local.lambda.crac;

/** A {@code beforeCheckpoint} hook failed; the snapshot (on AWS: the version's publication) fails. */
public class CheckpointException extends Exception {
    public CheckpointException() {
        super("a beforeCheckpoint hook failed");
    }
}
