package dev.porthole.backend.auth;

import dev.porthole.protocol.BasicAuth;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache in front of the slow digest, with real digests and a test clock. */
class VerifiedCredentialsTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final VerifiedCredentials cache = new VerifiedCredentials(3, Duration.ofMinutes(5), nanos::get);

    private static String digest(String user, String password) {
        return BasicAuth.digestOf(BasicAuth.accessHeader(user, password)).orElseThrow();
    }

    private static Optional<String> basic(String userColonPassword) {
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aVerifiedCallerIsNotCheckedAgainWhileTheEntryLives() {
        String digest = digest("team", "open sesame");

        assertThat(cache.authorizes(digest, basic("team:open sesame"))).isTrue();
        assertThat(cache.authorizes(digest, basic("team:open sesame"))).isTrue();
        assertThat(cache.authorizes(digest, basic("team:open sesame"))).isTrue();
        assertThat(cache.fullChecks()).isEqualTo(1);

        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(cache.authorizes(digest, basic("team:open sesame"))).isTrue();
        assertThat(cache.fullChecks()).as("checked again once the entry expired").isEqualTo(2);
    }

    @Test
    void wrongCredentialsAreNeverKeptAndAlwaysFail() {
        String digest = digest("team", "open sesame");

        for (int i = 0; i < 3; i++) {
            assertThat(cache.authorizes(digest, basic("team:guess"))).isFalse();
        }
        assertThat(cache.fullChecks()).isEqualTo(3);
        assertThat(cache.size()).isZero();
        assertThat(cache.authorizes(digest, Optional.empty())).isFalse();
    }

    /**
     * Someone who owns one tunnel, and so knows its password, gets that password verified; the same Authorization
     * header sent to another tunnel (another digest) must still be checked against that tunnel's digest, and fail.
     */
    @Test
    void aSuccessForOneTunnelNeverOpensAnother() {
        String mine = digest("team", "my password");
        String theirs = digest("team", "their password");
        String theirsSamePassword = digest("team", "my password");

        assertThat(cache.authorizes(mine, basic("team:my password"))).isTrue();
        assertThat(cache.authorizes(theirs, basic("team:my password"))).isFalse();
        assertThat(cache.authorizes(theirs, basic("team:their password"))).isTrue();
        assertThat(cache.authorizes(theirsSamePassword, basic("team:my password")))
            .as("checked on its own, even with the same password").isTrue();
        assertThat(cache.fullChecks()).isEqualTo(4);
    }

    @Test
    void aChangedPasswordIsANewDigestAndTheOldOneNoLongerCounts() {
        String before = digest("team", "old");
        String after = digest("team", "new");
        assertThat(cache.authorizes(before, basic("team:old"))).isTrue();

        assertThat(cache.authorizes(after, basic("team:old"))).isFalse();
        assertThat(cache.authorizes(after, basic("team:new"))).isTrue();
    }

    @Test
    void holdsNoMoreThanItsCapacity() {
        String digest = digest("team", "pw");
        String[] authorizations = {"Basic " + b64("team:pw"), "basic " + b64("team:pw"), "Basic  " + b64("team:pw"),
            "Basic " + b64("team:pw") + " "};
        for (String authorization : authorizations) {
            assertThat(cache.authorizes(digest, Optional.of(authorization))).isTrue();
        }
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.fullChecks()).isEqualTo(4);
        assertThat(cache.authorizes(digest, Optional.of(authorizations[0]))).as("the oldest was dropped").isTrue();
        assertThat(cache.fullChecks()).isEqualTo(5);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
