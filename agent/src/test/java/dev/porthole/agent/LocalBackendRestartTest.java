package dev.porthole.agent;

import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.PublicCaller;
import dev.porthole.local.LocalBackend;
import dev.porthole.local.LocalBackendOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The backend going away and coming back: the agent notices, reconnects by itself and keeps its URL. */
class LocalBackendRestartTest {
    private static final String TOKEN = "restart-" + Long.toHexString(System.nanoTime());

    @Test
    void aFileBackedLocalBackendRestartedOnTheSamePortGetsTheAgentBackWithTheSameUrl(@TempDir Path data) throws Exception {
        LocalBackendOptions options = LocalBackendOptions.inMemory(TOKEN).withDataDirectory(data);
        LocalBackend backend = LocalBackend.start(options);
        int port = backend.websocketUrl().getPort();
        try (Origin origin = Origin.start();
             TunnelAgent agent = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port())
                 .localHost("127.0.0.1")
                 .reconnectBaseDelay(Duration.ofMillis(200))
                 .reconnectMaxDelay(Duration.ofSeconds(1))
                 .build())) {
            List<TunnelStatus> statuses = new CopyOnWriteArrayList<>();
            agent.onStatus(statuses::add);
            agent.start();
            TunnelStatus.Online before = (TunnelStatus.Online) agent.awaitOnline(Duration.ofSeconds(30));
            assertThat(PublicCaller.get(before.publicUrl()).statusCode()).isEqualTo(200);

            backend.close();
            awaitStatus(agent, s -> s instanceof TunnelStatus.Reconnecting);
            backend = LocalBackend.start(options.withPort(port));

            TunnelStatus after = agent.awaitOnline(Duration.ofSeconds(30));
            assertThat(after).isEqualTo(before);
            HttpResponse<byte[]> response = PublicCaller.get(URI.create(before.publicUrl() + "again"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
            assertThat(statuses).filteredOn(s -> s instanceof TunnelStatus.Reconnecting).isNotEmpty()
                .allMatch(s -> ((TunnelStatus.Reconnecting) s).reason() == FailureReason.BACKEND_UNREACHABLE);
        } finally {
            backend.close();
        }
    }

    private static void awaitStatus(TunnelAgent agent, java.util.function.Predicate<TunnelStatus> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!match.test(agent.status())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("status never matched; last: " + agent.status());
            }
            Thread.sleep(20);
        }
    }
}
