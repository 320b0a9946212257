package dev.porthole.desktop.tunnel;

import dev.porthole.protocol.BasicAuth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether a saved protection is the one a user and password make. Two digests of one password differ (each has a
 * salt of its own), so tests compare what the digest verifies, not the digest.
 */
public final class ProtectionAssert {
    private ProtectionAssert() {
    }

    public static void assertProtects(Protection actual, String user, String password) {
        assertThat(actual).isNotNull();
        assertThat(actual.user()).isEqualTo(user);
        String digest = BasicAuth.digestOf(actual.accessHeader()).orElseThrow();
        String login = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        assertThat(BasicAuth.authorizes(digest, Optional.of(login))).as("the digest is of %s's password", user).isTrue();
    }
}
