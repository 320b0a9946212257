package dev.porthole.backend.auth;

import dev.porthole.backend.relay.RequestTicket;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AuthTest {
    private final byte[] hash = AgentToken.sha256("correct horse battery staple");
    private final Keys keys = new Keys(hash);

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
    void relayCredentialsExpireAndCannotBeForgedWithoutTheKey() {
        Clock now = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
        RelayCredentials credentials = new RelayCredentials(keys, now);
        String header = credentials.headerValue();
        assertThat(credentials.accepts(Optional.of(header))).isTrue();
        assertThat(new RelayCredentials(keys, Clock.offset(now, Duration.ofMinutes(6))).accepts(Optional.of(header))).isFalse();
        assertThat(new RelayCredentials(new Keys(AgentToken.sha256("other")), now).accepts(Optional.of(header))).isFalse();
        assertThat(credentials.accepts(Optional.of(header.replaceFirst("\\d", "9")))).isFalse();
        assertThat(credentials.accepts(Optional.of("garbage"))).isFalse();
        assertThat(credentials.accepts(Optional.of("123.")) ).isFalse();
    }

    @Test
    void aTicketProvesWhichAgentConnectionTheRequestWentTo() {
        RequestTicket ticket = RequestTicket.issue(keys, "Relay+Conn/ID=", "AgentA=");
        RequestTicket parsed = RequestTicket.parse(ticket.id()).orElseThrow();
        assertThat(parsed).isEqualTo(ticket);
        assertThat(parsed.relayConnectionId()).isEqualTo("Relay+Conn/ID=");
        assertThat(parsed.wasSentTo(keys, "AgentA=")).isTrue();
        assertThat(parsed.wasSentTo(keys, "AgentB=")).isFalse();
        RequestTicket redirected = new RequestTicket("OtherRelay=", parsed.nonce(), parsed.mac());
        assertThat(redirected.wasSentTo(keys, "AgentA=")).isFalse();
        assertThat(RequestTicket.issue(keys, "r", "a").id()).isNotEqualTo(RequestTicket.issue(keys, "r", "a").id());
    }

    @Test
    void codesMadeWithThePreviousSecretStillVerifyAfterARotation() {
        byte[] before = AgentToken.sha256("secret before the update");
        byte[] after = AgentToken.sha256("secret after the update");
        String resume = new Keys(before).mac(Keys.Purpose.RESUME, "tunnel", "conn");
        assertThat(new Keys(after, Optional.of(before)).verify(Keys.Purpose.RESUME, resume, "tunnel", "conn")).isTrue();
        assertThat(new Keys(after).verify(Keys.Purpose.RESUME, resume, "tunnel", "conn")).isFalse();
        assertThat(new Keys(after, Optional.of(before)).verify(Keys.Purpose.RELAY, resume, "tunnel", "conn")).isFalse();
    }

    @Test
    void unparseableTicketsAreRejected() {
        for (String bad : new String[]{null, "", "abc", "a.b", ".b.c", "a..c", "a.b."}) {
            assertThat(RequestTicket.parse(bad)).as(bad).isEmpty();
        }
    }
}
