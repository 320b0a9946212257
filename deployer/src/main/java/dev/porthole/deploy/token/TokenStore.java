package dev.porthole.deploy.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.porthole.deploy.config.ConfigDirectory;

/**
 * Keeps one agent token per backend (Region + stack name) in the config directory, readable by the
 * owner only: {@code backends/<region>/<stack>/agent-token}.
 */
public final class TokenStore {

    private final ConfigDirectory directory;

    public TokenStore(ConfigDirectory directory) {
        this.directory = directory;
    }

    /** Where the token of a backend is (or would be) stored. */
    public Path location(String region, String stackName) {
        return directory.resolve("backends", region, stackName, "agent-token");
    }

    public Optional<AgentToken> load(String region, String stackName) {
        Path file = location(region, stackName);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AgentToken.of(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the agent token at " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The file " + file + " does not hold a Porthole agent token. "
                    + "Delete it to make a new token on the next deploy.", e);
        }
    }

    /** The stored token, or a new one, stored before it is returned so it can never be lost. */
    public AgentToken loadOrCreate(String region, String stackName) {
        return load(region, stackName).orElseGet(() -> {
            AgentToken token = AgentToken.generate();
            save(region, stackName, token);
            return token;
        });
    }

    public void save(String region, String stackName, AgentToken token) {
        try {
            directory.writePrivate(location(region, stackName), token.value() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the agent token at " + location(region, stackName), e);
        }
    }

    /** Forgets a backend's token (after its stack is destroyed), and its folder if nothing else is kept there. */
    public void delete(String region, String stackName) {
        Path file = location(region, stackName);
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent()); // only if empty; other files stay
        } catch (java.nio.file.DirectoryNotEmptyException ignored) {
            // something else is kept for this backend
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the agent token at " + file, e);
        }
    }
}
