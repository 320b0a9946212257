package dev.porthole.deploy.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.porthole.deploy.config.ConfigDirectory;

/**
 * Keeps the function secrets of each backend (Region + stack name) beside its agent token, readable by the owner only:
 * {@code backends/<region>/<stack>/function-secret}, the one the stack runs with, and while a deployment is under way
 * {@code function-secret.pending}, the one it is being given.
 *
 * <p>Which of the two the stack really runs with is known only once CloudFormation has finished (an update that fails
 * rolls back to the old secret): {@link #settle(String, String, String)} then keeps the one whose ID the stack reports
 * ({@code FunctionSecretId}), so the secret of the running stack is never lost, even if this computer was switched off
 * in the middle of a deployment.
 */
public final class FunctionSecrets {

    private final ConfigDirectory directory;

    public FunctionSecrets(ConfigDirectory directory) {
        this.directory = directory;
    }

    /** Where the secret a stack runs with is (or would be) kept. */
    public Path location(String region, String stackName) {
        return directory.resolve("backends", region, stackName, "function-secret");
    }

    Path pendingLocation(String region, String stackName) {
        return directory.resolve("backends", region, stackName, "function-secret.pending");
    }

    /**
     * The stored secret the stack runs with, if this computer has it.
     *
     * @param deployedId the stack's {@code FunctionSecretId} parameter
     */
    public Optional<FunctionSecret> deployed(String region, String stackName, String deployedId) {
        return read(location(region, stackName)).filter(secret -> secret.id().equals(deployedId));
    }

    /** A new secret for the deployment about to start, stored (as pending) before it is returned so it cannot be lost. */
    public FunctionSecret startRotation(String region, String stackName) {
        FunctionSecret secret = FunctionSecret.generate();
        write(pendingLocation(region, stackName), secret);
        return secret;
    }

    /**
     * After the stack has settled: keeps, as the current secret, whichever stored secret has the ID the stack reports,
     * and forgets the other.
     *
     * @param deployedId the stack's {@code FunctionSecretId} parameter now, or "" when no stack runs
     */
    public void settle(String region, String stackName, String deployedId) {
        Path current = location(region, stackName);
        Path pending = pendingLocation(region, stackName);
        Optional<FunctionSecret> next = read(pending).filter(secret -> secret.id().equals(deployedId));
        try {
            if (next.isPresent()) {
                write(current, next.get());
            } else if (read(current).filter(secret -> secret.id().equals(deployedId)).isEmpty()) {
                Files.deleteIfExists(current); // the stack runs another secret: this one signs nothing any more
            }
            Files.deleteIfExists(pending);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot update the function secret at " + current, e);
        }
    }

    /** Forgets a backend's secrets (after its stack is destroyed). */
    public void delete(String region, String stackName) {
        try {
            Files.deleteIfExists(location(region, stackName));
            Files.deleteIfExists(pendingLocation(region, stackName));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the function secret at " + location(region, stackName), e);
        }
    }

    private Optional<FunctionSecret> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(FunctionSecret.of(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the function secret at " + file, e);
        } catch (IllegalArgumentException e) {
            // not a secret (damaged by hand): it cannot be the one the stack runs with, and a new one replaces it
            return Optional.empty();
        }
    }

    private void write(Path file, FunctionSecret secret) {
        try {
            directory.writePrivate(file, secret.hex() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the function secret at " + file, e);
        }
    }
}
