package dev.porthole.backend.auth;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AuthTest {
    private final byte[] hash = AgentToken.sha256("correct horse battery staple");

    @Test
    void agentTokenMustBePresentedAsABearerAndMatch() {
        AgentToken token = new AgentToken(hash);
        assertThat(token.accepts(Optional.of("Bearer correct horse battery staple"))).isTrue();
        assertThat(token.accepts(Optional.of("bearer   correct horse battery staple "))).isTrue();
        assertThat(token.accepts(Optional.of("Bearer wrong"))).isFalse();
        assertThat(token.accepts(Optional.of("correct horse battery staple"))).isFalse();
        assertThat(token.accepts(Optional.of("Bearer "))).isFalse();
        assertThat(token.accepts(Optional.empty())).isFalse();
        assertThat(new AgentToken(AgentToken.sha256("")).accepts(Optional.of("Bearer "))).isFalse();
    }

    @Test
    void codesMadeWithThePreviousSecretStillVerifyAfterARotation() {
        byte[] before = AgentToken.sha256("secret before the update");
        byte[] after = AgentToken.sha256("secret after the update");
        String resume = new Keys(before).mac(Keys.Purpose.RESUME, "tunnel", "conn");
        assertThat(new Keys(after, Optional.of(before)).verify(Keys.Purpose.RESUME, resume, "tunnel", "conn")).isTrue();
        assertThat(new Keys(after).verify(Keys.Purpose.RESUME, resume, "tunnel", "conn")).isFalse();
        assertThat(new Keys(after, Optional.of(before)).verify(Keys.Purpose.RESUME, resume, "tunnel", "other-conn")).isFalse();
    }
}
