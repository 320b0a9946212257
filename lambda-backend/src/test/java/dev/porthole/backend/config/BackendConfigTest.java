package dev.porthole.backend.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendConfigTest {
    private static final String SECRET = "4f1b2b0b822cd15d6c15b0f00a089f86d081884c7d659a2feaa0c55ad015a3bf";
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put(BackendConfig.TABLE, "porthole-Table-1");
        env.put(BackendConfig.TOKEN_SHA256, HASH);
        env.put(BackendConfig.FUNCTION_SECRET, SECRET);
        env.put(BackendConfig.WEBSOCKET_URL, "wss://abc.execute-api.eu-west-1.amazonaws.com/porthole");
        env.put(BackendConfig.RELAY_URL, "wss://rel.execute-api.eu-west-1.amazonaws.com/porthole");
        env.put(BackendConfig.ANSWER_ROLE_ARN, "arn:aws:iam::123456789012:role/porthole-AnswerRole-1");
        env.put(BackendConfig.PUBLIC_URL, "https://xyz.execute-api.eu-west-1.amazonaws.com");
        env.put("AWS_REGION", "eu-west-1");
        return env;
    }

    @Test
    void readsTheTemplatesVariablesWithDefaultsForTheOptionalOnes() {
        BackendConfig config = BackendConfig.fromEnvironment(env());
        assertThat(config.publicUrl()).isEqualTo(URI.create("https://xyz.execute-api.eu-west-1.amazonaws.com/"));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.invokePayloadLimit()).isZero();
        assertThat(config.region().id()).isEqualTo("eu-west-1");
        assertThat(config.dynamoDbEndpoint()).isEmpty();
        assertThat(config.toString()).doesNotContain(HASH).doesNotContain(SECRET);
        assertThat(config.previousFunctionSecret()).isEmpty();
    }

    @Test
    void namesTheVariableThatIsWrong() {
        Map<String, String> missing = env();
        missing.remove(BackendConfig.TABLE);
        assertThatThrownBy(() -> BackendConfig.fromEnvironment(missing)).hasMessageContaining("PORTHOLE_TABLE");
        Map<String, String> badHash = env();
        badHash.put(BackendConfig.TOKEN_SHA256, "not-a-hash");
        assertThatThrownBy(() -> BackendConfig.fromEnvironment(badHash)).hasMessageContaining("PORTHOLE_TOKEN_SHA256");
        Map<String, String> badUrl = env();
        badUrl.put(BackendConfig.WEBSOCKET_URL, "https://abc/porthole");
        assertThatThrownBy(() -> BackendConfig.fromEnvironment(badUrl)).hasMessageContaining("ws://");
        Map<String, String> badSecret = env();
        badSecret.put(BackendConfig.FUNCTION_SECRET, "short");
        assertThatThrownBy(() -> BackendConfig.fromEnvironment(badSecret)).hasMessageContaining("PORTHOLE_FUNCTION_SECRET");
        Map<String, String> badNumber = env();
        badNumber.put(BackendConfig.MAX_BODY_BYTES, "lots");
        assertThatThrownBy(() -> BackendConfig.fromEnvironment(badNumber)).hasMessageContaining("PORTHOLE_MAX_BODY_BYTES");
    }
}
