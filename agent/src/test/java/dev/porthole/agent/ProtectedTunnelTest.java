package dev.porthole.agent;

import dev.porthole.agent.testing.Origin;
import dev.porthole.local.LocalBackend;
import dev.porthole.local.LocalBackendOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** An agent started with a user and password: the backend asks callers for them, and the app never sees them. */
class ProtectedTunnelTest {
    private static final String TOKEN = "protected-" + Long.toHexString(System.nanoTime());

    @Test
    void callersMustLogInAndTheLocalServiceNeverSeesThePassword() throws Exception {
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(TOKEN));
             Origin origin = Origin.start();
             TunnelAgent agent = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port())
                 .localHost("127.0.0.1").basicAuth("reviewer", "correct horse").build())) {
            origin.handler(r -> Origin.Answer.text(200, "authorization seen: " + r.headers().first("authorization").orElse("none")));
            agent.start();
            URI url = ((TunnelStatus.Online) agent.awaitOnline(Duration.ofSeconds(30))).publicUrl();
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(origin.receivedCount()).isZero();

            String login = "Basic " + Base64.getEncoder().encodeToString("reviewer:correct horse".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(url).header("Authorization", login).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.body()).isEqualTo("authorization seen: none");
        }
    }
}
