package dev.porthole.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BasicAuthTest {
    private static Optional<String> basic(String userColonPassword) {
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)));
    }

    /** The form every tunnel had before salts of their own: SHA-256 of one shared salt and user:password. */
    private static String legacyHeader(String userColonPassword) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256")
            .digest(("porthole basic auth\n" + userColonPassword).getBytes(StandardCharsets.UTF_8));
        return "basic " + HexFormat.of().formatHex(hash);
    }

    @Test
    void onlyTheRightUserAndPasswordPass() {
        String digest = BasicAuth.digestOf(BasicAuth.accessHeader("alice", "s3cret: with colon ✓")).orElseThrow();
        assertThat(BasicAuth.authorizes(digest, basic("alice:s3cret: with colon ✓"))).isTrue();
        assertThat(BasicAuth.authorizes(digest, basic("alice:wrong"))).isFalse();
        assertThat(BasicAuth.authorizes(digest, basic("bob:s3cret: with colon ✓"))).isFalse();
        assertThat(BasicAuth.authorizes(digest, basic("alice:s3cret: with colon"))).isFalse();
        assertThat(BasicAuth.authorizes(digest, Optional.of("Bearer x"))).isFalse();
        assertThat(BasicAuth.authorizes(digest, Optional.of("Basic !!!"))).isFalse();
        assertThat(BasicAuth.authorizes(digest, Optional.empty())).isFalse();
    }

    @Test
    void theHeaderCarriesASaltedDigestNotThePassword() {
        String header = BasicAuth.accessHeader("alice", "s3cret");
        assertThat(header).startsWith("basic $pbkdf2-sha256$i=1000$").doesNotContain("s3cret").doesNotContain("alice");
        assertThat(BasicAuth.digestOf("basic nothex")).isEmpty();
        assertThat(BasicAuth.digestOf("bearer " + "a".repeat(64))).isEmpty();
        assertThatThrownBy(() -> BasicAuth.accessHeader("a:b", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BasicAuth.accessHeader("a", "")).isInstanceOf(IllegalArgumentException.class);
    }

    /** One salt per digest: the same password never gives the same digest, so a leaked table cannot be cracked in bulk. */
    @Test
    void everyDigestHasASaltOfItsOwn() {
        Set<String> salts = new HashSet<>();
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String digest = BasicAuth.digestOf(BasicAuth.accessHeader("alice", "same password")).orElseThrow();
            digests.add(digest);
            salts.add(digest.split("\\$")[3]);
            assertThat(BasicAuth.authorizes(digest, basic("alice:same password"))).isTrue();
            assertThat(BasicAuth.isLegacy(digest)).isFalse();
        }
        assertThat(salts).hasSize(20);
        assertThat(digests).hasSize(20);
    }

    /** Tunnels protected before keep working: their digests are still checked, and recognisable as old. */
    @Test
    void legacyDigestsStillVerifyButAreRecognised() throws Exception {
        String digest = BasicAuth.digestOf(legacyHeader("team:open sesame")).orElseThrow();

        assertThat(BasicAuth.isLegacy(digest)).isTrue();
        assertThat(BasicAuth.authorizes(digest, basic("team:open sesame"))).isTrue();
        assertThat(BasicAuth.authorizes(digest, basic("team:open sesame!"))).isFalse();
        assertThat(BasicAuth.authorizes(digest, basic("other:open sesame"))).isFalse();
        assertThat(BasicAuth.digestOf(legacyHeader("team:x").toUpperCase(java.util.Locale.ROOT).replace("BASIC", "basic")))
            .as("hex was always read in either case").isPresent();
    }

    @Test
    void refusesDigestsOutsideTheAcceptedIterationsOrShape() {
        String digest = BasicAuth.digestOf(BasicAuth.accessHeader("alice", "pw")).orElseThrow();
        String[] parts = digest.split("\\$");
        String salt = parts[3];
        String hash = parts[4];

        assertThat(BasicAuth.digestOf("basic $pbkdf2-sha256$i=10000$" + salt + "$" + hash)).isPresent();
        assertThat(BasicAuth.digestOf("basic $pbkdf2-sha256$i=999$" + salt + "$" + hash)).as("too cheap").isEmpty();
        assertThat(BasicAuth.digestOf("basic $pbkdf2-sha256$i=10001$" + salt + "$" + hash))
            .as("a digest must not make the backend burn its CPU").isEmpty();
        assertThat(BasicAuth.digestOf("basic $pbkdf2-sha256$i=2147483648$" + salt + "$" + hash)).isEmpty();
        assertThat(BasicAuth.digestOf("basic $pbkdf2-sha1$i=1000$" + salt + "$" + hash)).isEmpty();
        assertThat(BasicAuth.digestOf("basic $pbkdf2-sha256$i=1000$" + salt + "$" + hash.substring(1))).isEmpty();
        assertThat(BasicAuth.digestOf("basic $pbkdf2-sha256$i=1000$" + salt.toLowerCase(java.util.Locale.ROOT) + "$" + hash))
            .as("base64 is read exactly").hasValueSatisfying(d -> assertThat(d).isNotEqualTo(digest));
        assertThat(BasicAuth.authorizes("$pbkdf2-sha256$i=99999999$" + salt + "$" + hash, basic("alice:pw")))
            .as("authorizes refuses what digestOf refuses").isFalse();
    }
}
