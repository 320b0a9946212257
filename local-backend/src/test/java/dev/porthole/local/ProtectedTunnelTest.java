package dev.porthole.local;

import dev.porthole.protocol.BasicAuth;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A tunnel protected with a user name and password: the backend turns callers away before the agent hears of them. */
class ProtectedTunnelTest {
    private final LocalBackend backend = Backends.shared();

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void callersWithoutTheRightPasswordNeverReachTheAgent() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN,
            Map.of(Handshake.ACCESS_HEADER, BasicAuth.accessHeader("team", "open sesame")))) {
            Established tunnel = agent.ready();
            URI url = URI.create(tunnel.publicUrl() + "admin");

            HttpResponse<String> anonymous = Backends.get(url);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
            assertThat(anonymous.headers().firstValue("x-porthole-error")).contains("authentication-required");
            HttpResponse<String> wrong = Backends.HTTP.send(HttpRequest.newBuilder(url).header("Authorization", basic("team:guess")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(agent.pollRequest(Duration.ofMillis(300))).as("nothing reached the agent").isNull();

            CompletableFuture<HttpResponse<String>> allowed = Backends.HTTP.sendAsync(HttpRequest.newBuilder(url)
                .header("Authorization", basic("team:open sesame")).build(), HttpResponse.BodyHandlers.ofString());
            TestAgent.Request request = agent.nextRequest();
            assertThat(request.head().headers().contains("authorization")).as("the password stays with the backend").isFalse();
            agent.respond(request.head().id(), 200, HttpHeaders.of("Content-Type", "text/plain"), "welcome".getBytes(StandardCharsets.UTF_8));
            assertThat(allowed.join().body()).isEqualTo("welcome");
        }
    }

    @Test
    void aMalformedAccessHeaderIsRefusedAtTheHandshake() {
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, Map.of(Handshake.ACCESS_HEADER, "basic plaintext-password")))
            .isEqualTo(400);
    }
}
