package dev.porthole.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BasicAuthTest {
    private static Optional<String> basic(String userColonPassword) {
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyTheRightUserAndPasswordPass() {
        String digest = BasicAuth.digestOf(BasicAuth.accessHeader("alice", "s3cret: with colon ✓")).orElseThrow();
        assertThat(BasicAuth.authorizes(digest, basic("alice:s3cret: with colon ✓"))).isTrue();
        assertThat(BasicAuth.authorizes(digest, basic("alice:wrong"))).isFalse();
        assertThat(BasicAuth.authorizes(digest, basic("bob:s3cret: with colon ✓"))).isFalse();
        assertThat(BasicAuth.authorizes(digest, Optional.of("Bearer x"))).isFalse();
        assertThat(BasicAuth.authorizes(digest, Optional.of("Basic !!!"))).isFalse();
        assertThat(BasicAuth.authorizes(digest, Optional.empty())).isFalse();
    }

    @Test
    void theHeaderCarriesASaltedDigestNotThePassword() {
        String header = BasicAuth.accessHeader("alice", "s3cret");
        assertThat(header).startsWith("basic ").doesNotContain("s3cret").doesNotContain("alice");
        assertThat(BasicAuth.digestOf("basic nothex")).isEmpty();
        assertThat(BasicAuth.digestOf("bearer " + "a".repeat(64))).isEmpty();
        assertThatThrownBy(() -> BasicAuth.accessHeader("a:b", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BasicAuth.accessHeader("a", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
