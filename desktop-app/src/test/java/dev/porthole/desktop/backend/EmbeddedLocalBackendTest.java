package dev.porthole.desktop.backend;

import dev.porthole.desktop.settings.SettingsStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** "This computer" with the real local backend: started on demand, healthy, same port next time, LAN opt-in. */
class EmbeddedLocalBackendTest {
    @TempDir
    Path dir;

    static int health(URI url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void starts_when_asked_answers_its_health_check_and_keeps_its_port_and_token() throws Exception {
        SettingsStore settings = new SettingsStore(dir);
        List<LocalBackendService.State> states = new CopyOnWriteArrayList<>();
        BackendEndpoint first;
        try (EmbeddedLocalBackend local = new EmbeddedLocalBackend(dir, settings, true)) {
            local.onState(states::add);
            assertThat(local.state()).isInstanceOf(LocalBackendService.State.NotStarted.class);
            first = local.ensureStarted().get(90, TimeUnit.SECONDS);
            var running = (LocalBackendService.State.Running) local.state();
            assertThat(running.lan()).isFalse();
            assertThat(first.websocketUrl().toString()).startsWith("ws://127.0.0.1:").endsWith("/_porthole/ws/local");
            assertThat(health(running.healthUrl())).isEqualTo(200);
            assertThat(local.ensureStarted().get(10, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(states).extracting(s -> s.getClass().getSimpleName()).startsWith("Starting", "Running");
        assertThat(settings.get().localBackendPort()).isEqualTo(first.publicUrl().getPort());
        Path token = dir.resolve("secrets").resolve("local.token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");

        try (EmbeddedLocalBackend again = new EmbeddedLocalBackend(dir, new SettingsStore(dir), true)) {
            BackendEndpoint second = again.ensureStarted().get(90, TimeUnit.SECONDS);
            assertThat(second.publicUrl()).isEqualTo(first.publicUrl());
            assertThat(second.token()).isEqualTo(first.token());
        }
    }

    @Test
    void lan_access_listens_on_every_interface() throws Exception {
        try (EmbeddedLocalBackend local = new EmbeddedLocalBackend(dir, new SettingsStore(dir), false)) {
            local.ensureStarted().get(90, TimeUnit.SECONDS);
            BackendEndpoint lan = local.setLanAccess(true).get(90, TimeUnit.SECONDS);
            var running = (LocalBackendService.State.Running) local.state();
            assertThat(running.lan()).isTrue();
            assertThat(health(running.healthUrl())).isEqualTo(200);
            // listening everywhere: loopback answers too, whatever address the URLs advertise
            assertThat(health(URI.create("http://127.0.0.1:" + lan.publicUrl().getPort() + "/_porthole/health"))).isEqualTo(200);
        }
    }
}
