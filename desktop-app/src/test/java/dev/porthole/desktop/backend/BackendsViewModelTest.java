package dev.porthole.desktop.backend;

import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.event.EventBus;
import dev.porthole.desktop.settings.SettingsStore;
import dev.porthole.desktop.testing.ManualUiExecutor;
import dev.porthole.desktop.testing.RecordingDesktop;
import dev.porthole.desktop.testing.ScriptedDeployments;
import dev.porthole.desktop.testing.ScriptedLocalBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendsViewModelTest {
    @TempDir
    Path dir;
    final ManualUiExecutor ui = new ManualUiExecutor();
    final ScriptedLocalBackend local = new ScriptedLocalBackend();
    final ScriptedDeployments deployments = new ScriptedDeployments();
    final EventBus bus = new EventBus();
    final List<AppEvent> events = new CopyOnWriteArrayList<>();

    BackendsViewModel model() {
        bus.subscribe(AppEvent.Notify.class, events::add);
        return new BackendsViewModel(local, deployments, new BackendStore(dir), new SettingsStore(dir), ui, new RecordingDesktop(), bus);
    }

    @Test
    void the_local_backend_starts_when_a_tunnel_first_needs_it() throws Exception {
        BackendsViewModel m = model();
        assertThat(m.refs()).containsExactly(BackendRef.LOCAL);
        assertThat(m.localStateProperty().get()).isInstanceOf(LocalBackendService.State.NotStarted.class);
        BackendEndpoint endpoint = m.endpoint(BackendRef.LOCAL_ID).get();
        assertThat(endpoint.websocketUrl()).hasToString("ws://127.0.0.1:8123/_porthole/ws/local");
        assertThat(m.localStateProperty().get()).isInstanceOf(LocalBackendService.State.Running.class);
    }

    @Test
    void a_deployed_backend_is_saved_offered_to_tunnels_and_reached_with_its_token() throws Exception {
        BackendsViewModel m = model();
        var deploy = m.deploy();
        deploy.start();
        ui.runPending();
        assertThat(m.refs()).hasSize(2);
        AwsBackend saved = m.aws().getFirst();
        assertThat(new BackendStore(dir).load()).containsExactly(saved);
        BackendEndpoint endpoint = m.endpoint(saved.id()).get();
        assertThat(endpoint.token()).isEqualTo("test-token");
        assertThat(endpoint.publicUrl()).isEqualTo(saved.publicUrl());
        assertThat(m.outdated(saved)).isFalse();

        var remove = m.remove(saved);
        remove.start();
        ui.runPending();
        assertThat(m.refs()).containsExactly(BackendRef.LOCAL);
        assertThatThrownBy(() -> m.endpoint(saved.id()).get()).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("backend was removed. Edit the tunnel and choose another backend.");
    }

    @Test
    void lan_access_is_saved_and_restarts_a_running_local_backend() throws Exception {
        BackendsViewModel m = model();
        m.endpoint(BackendRef.LOCAL_ID).get();
        m.lanAccessProperty().set(true);
        ui.runPending();
        assertThat(new SettingsStore(dir).get().lanAccess()).isTrue();
        assertThat(((LocalBackendService.State.Running) local.state()).lan()).isTrue();
        assertThat(events).anySatisfy(e -> assertThat(((AppEvent.Notify) e).message()).contains("listens on your network"));
    }

    @Test
    void health_is_reported_in_words() {
        BackendsViewModel m = model();
        m.deploy().start();
        ui.runPending();
        AwsBackend b = m.aws().getFirst();
        m.checkHealth(b);
        ui.runPending();
        assertThat(m.health().get(b.id())).isEqualTo("Healthy: answered in 84 ms");
    }
}
