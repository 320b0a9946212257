package dev.porthole.local;

import dev.porthole.protocol.Handshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A file-backed local backend remembers tunnels and reserved IDs across a restart. */
class PersistenceTest {

    @Test
    void aReservedTunnelSurvivesARestart(@TempDir Path data) throws Exception {
        LocalBackendOptions options = LocalBackendOptions.inMemory(Backends.TOKEN).withDataDirectory(data);
        String id = "kept-" + Long.toHexString(System.nanoTime());
        int port;
        try (LocalBackend first = LocalBackend.start(options)) {
            port = first.publicUrl().getPort();
            try (TestAgent agent = TestAgent.connect(first.websocketUrl(), Backends.TOKEN, Map.of(Handshake.TUNNEL_ID_HEADER, id))) {
                assertThat(agent.ready().tunnelId()).isEqualTo(id);
            }
        }
        try (LocalBackend second = LocalBackend.start(options.withPort(port))) {
            HttpResponse<String> response = Backends.get(second.publicUrl().resolve(id + "/"));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("x-porthole-error")).as("known, merely offline").contains("tunnel-offline");
            try (TestAgent agent = TestAgent.connect(second.websocketUrl(), Backends.TOKEN, Map.of(Handshake.TUNNEL_ID_HEADER, id))) {
                assertThat(agent.ready().publicUrl()).isEqualTo(second.publicUrl() + id + "/");
            }
        }
    }
}
