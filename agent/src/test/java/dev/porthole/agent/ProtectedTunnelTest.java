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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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

    /**
     * A tunnel protected before digests had salts of their own (SHA-256 of one shared salt) keeps working through
     * the real backend, and the agent says, once, that the password should be set again.
     */
    @Test
    void aPasswordDigestOfTheOldFormStillWorksAndTheAgentAsksToSetItAgain() throws Exception {
        String legacy = "basic " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest("porthole basic auth\nreviewer:correct horse".getBytes(StandardCharsets.UTF_8)));
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(TunnelAgent.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(TOKEN));
             Origin origin = Origin.start();
             TunnelAgent agent = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port())
                 .localHost("127.0.0.1").tunnelId("legacy-digest").access(legacy).build())) {
            assertThat(warnings).singleElement().asString().contains("legacy-digest").contains("set its password again");
            agent.start();
            URI url = ((TunnelStatus.Online) agent.awaitOnline(Duration.ofSeconds(30))).publicUrl();
            HttpClient http = HttpClient.newHttpClient();

            assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
            String login = "Basic " + Base64.getEncoder().encodeToString("reviewer:correct horse".getBytes(StandardCharsets.UTF_8));
            assertThat(http.send(HttpRequest.newBuilder(url).header("Authorization", login).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            logger.removeHandler(capture);
        }
    }
}
