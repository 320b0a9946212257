package dev.porthole.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDirectoryTest {

    private static final Path HOME = Path.of("/home/ada");

    @Test
    void followsEachOperatingSystemsConvention() {
        assertThat(ConfigDirectory.resolve("Linux", Map.of(), HOME)).isEqualTo(Path.of("/home/ada/.config/porthole"));
        assertThat(ConfigDirectory.resolve("Linux", Map.of("XDG_CONFIG_HOME", "/data/cfg"), HOME)).isEqualTo(Path.of("/data/cfg/porthole"));
        assertThat(ConfigDirectory.resolve("Linux", Map.of("XDG_CONFIG_HOME", "relative"), HOME))
                .isEqualTo(Path.of("/home/ada/.config/porthole"));
        assertThat(ConfigDirectory.resolve("Mac OS X", Map.of(), HOME))
                .isEqualTo(Path.of("/home/ada/Library/Application Support/Porthole"));
        assertThat(ConfigDirectory.resolve("Windows 11", Map.of("APPDATA", "/users/ada/AppData/Roaming"), HOME))
                .isEqualTo(Path.of("/users/ada/AppData/Roaming/Porthole"));
    }

    @Test
    void theHomeDirectoryIsHomeFromTheEnvironmentWhenItIsSet() {
        assertThat(ConfigDirectory.home(Map.of("HOME", "/tmp/elsewhere"), "/home/ada")).isEqualTo(Path.of("/tmp/elsewhere"));
        assertThat(ConfigDirectory.home(Map.of(), "/home/ada")).isEqualTo(HOME);
        assertThat(ConfigDirectory.home(Map.of("HOME", ""), "/home/ada")).isEqualTo(HOME);
        assertThat(ConfigDirectory.home(Map.of("HOME", "relative"), "/home/ada")).isEqualTo(HOME);
    }

    @Test
    void privateFilesAndTheirDirectoriesAreOwnerOnly(@TempDir Path dir) throws Exception {
        ConfigDirectory config = ConfigDirectory.at(dir.resolve("porthole"));
        Path file = config.writePrivate(config.resolve("backends", "eu-west-1", "x", "agent-token"), "secret\n");

        assertThat(Files.readString(file)).isEqualTo("secret\n");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        for (Path d = file.getParent(); !d.equals(dir); d = d.getParent()) {
            assertThat(Files.getPosixFilePermissions(d)).as(d.toString()).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
        // rewriting keeps it private and leaves no temporary file behind
        config.writePrivate(file, "other\n");
        assertThat(Files.readString(file)).isEqualTo("other\n");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }
}
