package dev.porthole.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real files in a temporary folder, with real POSIX permissions (the build runs on Linux and macOS). */
class TokenFileTest {
    private static final String TOKEN = "3f1c9a7e5b2d4f608e1a9c7b5d3f1e2a";

    @TempDir
    Path dir;

    private Path file(String content, String permissions) throws Exception {
        Path file = dir.resolve("agent-token");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void readsTheTokenOfAnOwnerOnlyFileWithoutItsNewline() throws Exception {
        assertThat(TokenFile.read(file(TOKEN + "\n", "rw-------"))).isEqualTo(TOKEN);
        assertThat(TokenFile.read(file("  " + TOKEN + "\r\n\n", "r--------"))).isEqualTo(TOKEN);
    }

    @Test
    void refusesAFileOthersCanReadOrWriteSayingHowToFixIt() throws Exception {
        for (String permissions : new String[] {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-----w-"}) {
            Path file = file(TOKEN, permissions);
            assertThatThrownBy(() -> TokenFile.read(file)).as(permissions)
                .isInstanceOf(TokenFile.Refused.class)
                .hasMessageContaining("other users").hasMessageContaining("chmod 600 " + file)
                .hasMessageNotContaining(TOKEN);
        }
    }

    @Test
    void refusesMissingEmptyAndWrongFiles() throws Exception {
        assertThatThrownBy(() -> TokenFile.read(dir.resolve("nothing-here")))
            .isInstanceOf(TokenFile.Refused.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TokenFile.read(dir)).isInstanceOf(TokenFile.Refused.class).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> TokenFile.read(file(" \n\n", "rw-------")))
            .isInstanceOf(TokenFile.Refused.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> TokenFile.read(file(TOKEN + "\n" + TOKEN + "\n", "rw-------")))
            .isInstanceOf(TokenFile.Refused.class).hasMessageContaining("the token alone").hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> TokenFile.read(file("x".repeat(5000), "rw-------")))
            .isInstanceOf(TokenFile.Refused.class).hasMessageContaining("larger than 4096 bytes");
        Path binary = dir.resolve("binary");
        Files.write(binary, new byte[] {(byte) 0xFF, (byte) 0xFE, 'a'});
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> TokenFile.read(binary)).isInstanceOf(TokenFile.Refused.class).hasMessageContaining("not text");
    }
}
