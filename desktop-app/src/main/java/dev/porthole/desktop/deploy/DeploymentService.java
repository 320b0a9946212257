package dev.porthole.desktop.deploy;

import dev.porthole.desktop.backend.AwsBackend;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Deploys, updates and removes the person's AWS backend; implemented over the deployer. */
public interface DeploymentService {

    /**
     * Where credentials can come from on this computer: the environment variables when they are set, then the
     * profiles of ~/.aws/config and ~/.aws/credentials, each with its Region. Read again on every call (Refresh).
     */
    List<AwsCredentials> credentials();

    List<String> regions();

    /** The template version this app ships; a stack on an older one can be updated. */
    String appTemplateVersion();

    /**
     * Creates the stack, with its public URLs on {@code domain} when that is set; progress is reported on any thread.
     * Fails with a {@link DeploymentException}.
     *
     * @param profile the AWS profile, or null for the environment's credentials
     */
    CompletableFuture<AwsBackend> deploy(String profile, String region, String stackName, CustomDomain domain,
                                         Consumer<DeployProgress> progress);

    /** Brings the stack to this app's version, keeping its settings (custom domain, memory, stage). */
    CompletableFuture<AwsBackend> update(AwsBackend backend, Consumer<DeployProgress> progress);

    CompletableFuture<Void> remove(AwsBackend backend, Consumer<DeployProgress> progress);

    /** Whether the backend answers on its public URL; completes with a plain-words result, never exceptionally. */
    CompletableFuture<Health> health(AwsBackend backend);

    /** The agent token of a deployed backend, when this computer has it (never shown or logged). */
    java.util.Optional<String> token(AwsBackend backend);

    record Health(boolean healthy, String message) {
    }

    /** A failure with what happened and the next step, both in plain words. */
    final class DeploymentException extends RuntimeException {
        private final String nextStep;

        public DeploymentException(String message, String nextStep, Throwable cause) {
            super(message, cause);
            this.nextStep = nextStep;
        }

        public String nextStep() {
            return nextStep;
        }
    }
}
