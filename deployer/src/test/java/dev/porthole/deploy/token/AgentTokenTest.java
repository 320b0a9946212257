package dev.porthole.deploy.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.template.Template;

class AgentTokenTest {

    @Test
    void tokensAreRandomUrlSafeAnd256Bits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            AgentToken token = AgentToken.generate();
            assertThat(token.value()).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(token.value())).isTrue();
        }
    }

    @Test
    void theStackGetsTheHashAndAnIdThatTheTemplateAccepts() {
        AgentToken token = AgentToken.of("correct-horse-battery-staple-correct-horse-battery");
        // echo -n correct-horse-battery-staple-correct-horse-battery | sha256sum
        assertThat(token.sha256Hex()).isEqualTo(AgentToken.sha256Hex("correct-horse-battery-staple-correct-horse-battery"))
                .hasSize(64);
        assertThat(token.id()).isEqualTo(AgentToken.sha256Hex(token.sha256Hex()).substring(0, 16));
        Template template = Template.load();
        assertThat(template.parameter("AgentTokenHash").problem(token.sha256Hex())).isEmpty();
        assertThat(template.parameter("AgentTokenId").problem(token.id())).isEmpty();
        assertThat(token.toString()).doesNotContain(token.value()).contains(token.id());
    }

    @Test
    void knownVector() {
        // printf %s abc | sha256sum
        assertThat(AgentToken.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void weakTokensAreRefused() {
        assertThatThrownBy(() -> AgentToken.of("short")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 bits");
        assertThatThrownBy(() -> AgentToken.of("x".repeat(42) + "!")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStoreKeepsOneTokenPerBackend(@TempDir Path dir) throws Exception {
        TokenStore store = new TokenStore(ConfigDirectory.at(dir));
        AgentToken first = store.loadOrCreate("eu-west-1", "porthole");
        assertThat(store.loadOrCreate("eu-west-1", "porthole")).isEqualTo(first);
        assertThat(store.loadOrCreate("us-east-1", "porthole")).isNotEqualTo(first);
        assertThat(store.location("eu-west-1", "porthole")).isEqualTo(dir.resolve("backends/eu-west-1/porthole/agent-token"));

        store.delete("eu-west-1", "porthole");
        assertThat(store.load("eu-west-1", "porthole")).isEmpty();

        Files.writeString(store.location("us-east-1", "porthole"), "garbage");
        assertThatThrownBy(() -> store.load("us-east-1", "porthole")).hasMessageContaining("does not hold a Porthole agent token");
    }
}
