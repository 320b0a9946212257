package dev.porthole.deploy.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.porthole.deploy.config.ConfigDirectory;

/** Which stored secret survives a deployment: the one the stack reports, whatever happened in between. */
class FunctionSecretsTest {

    @TempDir
    Path home;

    private FunctionSecrets secrets() {
        return new FunctionSecrets(ConfigDirectory.at(home));
    }

    @Test
    void aSucceededRotationKeepsTheNewSecret() throws IOException {
        FunctionSecrets store = secrets();
        FunctionSecret pending = store.startRotation("eu-west-1", "p");
        assertThat(Files.getPosixFilePermissions(store.pendingLocation("eu-west-1", "p")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(store.deployed("eu-west-1", "p", pending.id())).as("not deployed before it settles").isEmpty();

        store.settle("eu-west-1", "p", pending.id());

        assertThat(store.deployed("eu-west-1", "p", pending.id())).map(FunctionSecret::hex).contains(pending.hex());
        assertThat(store.pendingLocation("eu-west-1", "p")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(store.location("eu-west-1", "p")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aRolledBackRotationKeepsTheOldSecret() {
        FunctionSecrets store = secrets();
        FunctionSecret running = store.startRotation("eu-west-1", "p");
        store.settle("eu-west-1", "p", running.id());
        store.startRotation("eu-west-1", "p");

        store.settle("eu-west-1", "p", running.id());

        assertThat(store.deployed("eu-west-1", "p", running.id())).map(FunctionSecret::hex).contains(running.hex());
        assertThat(store.pendingLocation("eu-west-1", "p")).doesNotExist();
    }

    @Test
    void aStackRunningAnotherSecretLeavesNoneHere() {
        FunctionSecrets store = secrets();
        FunctionSecret mine = store.startRotation("eu-west-1", "p");
        store.settle("eu-west-1", "p", mine.id());

        store.settle("eu-west-1", "p", FunctionSecret.generate().id());

        assertThat(store.location("eu-west-1", "p")).doesNotExist();
        assertThat(store.deployed("eu-west-1", "p", mine.id())).isEmpty();
    }

    @Test
    void aDamagedFileIsNotTakenForTheSecret() throws IOException {
        FunctionSecrets store = secrets();
        Path file = store.location("eu-west-1", "p");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a secret");
        assertThat(store.deployed("eu-west-1", "p", "0123456789abcdef")).isEmpty();
    }

    @Test
    void theSecretNeverShowsInToString() {
        FunctionSecret secret = FunctionSecret.generate();
        assertThat(secret.toString()).doesNotContain(secret.hex()).contains(secret.id());
    }
}
