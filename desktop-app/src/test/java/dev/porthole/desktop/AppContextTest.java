package dev.porthole.desktop;

import dev.porthole.desktop.history.FileHistoryStore;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.log.StatusClass;
import dev.porthole.desktop.platform.FileDialogs;
import dev.porthole.desktop.settings.SettingsStore;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.desktop.testing.ManualUiExecutor;
import dev.porthole.desktop.testing.RecordingDesktop;
import dev.porthole.desktop.testing.ScriptedDeployments;
import dev.porthole.desktop.testing.ScriptedLocalBackend;
import dev.porthole.desktop.testing.ScriptedTunnelService;
import dev.porthole.desktop.tunnel.PortProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the person left comes back at the next start: request history and the log's filter. */
class AppContextTest {
    @TempDir
    Path dir;
    final ManualUiExecutor ui = new ManualUiExecutor();

    AppContext start() {
        FileDialogs none = new FileDialogs() {
            public Optional<Path> saveHar(String suggestedName) {
                return Optional.empty();
            }

            public Optional<Path> openHar() {
                return Optional.empty();
            }
        };
        Services services = new Services(new ScriptedLocalBackend(), new ScriptedDeployments(), d -> new ScriptedTunnelService(),
                (h, p) -> CompletableFuture.completedFuture(true), Clock.systemUTC());
        return new AppContext(dir, new SettingsStore(dir), services, ui, new RecordingDesktop(), none, true);
    }

    @Test
    void history_and_filter_survive_a_restart() throws Exception {
        AppContext first = start();
        LogEntry a = Exchanges.entry("GET", "/a", 200);
        LogEntry b = Exchanges.entry("POST", "/hooks/b", 500);
        first.log().submit(a);
        first.log().submit(b);
        first.log().flushAll();
        first.log().filterTextProperty().set("hooks");
        first.log().statusClassProperty().set(StatusClass.SERVER_ERROR);
        ((FileHistoryStore) first.history()).flush();
        first.close();

        AppContext second = start();
        second.restoreHistory().get(10, TimeUnit.SECONDS);
        ui.runPending();
        assertThat(second.log().entries()).containsExactly(a, b);
        assertThat(second.log().filterTextProperty().get()).isEqualTo("hooks");
        assertThat(second.log().statusClassProperty().get()).isEqualTo(StatusClass.SERVER_ERROR);
        assertThat(second.log().visibleEntries()).containsExactly(b);
        second.close();
    }
}
