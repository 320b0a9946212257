package dev.porthole.desktop;

import dev.porthole.desktop.history.FileHistoryStore;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.log.StatusClass;
import dev.porthole.desktop.settings.SettingsStore;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.desktop.testing.FixedFileDialogs;
import dev.porthole.desktop.testing.ManualUiExecutor;
import dev.porthole.desktop.testing.RecordingDesktop;
import dev.porthole.desktop.testing.ScriptedDeployments;
import dev.porthole.desktop.testing.ScriptedLocalBackend;
import dev.porthole.desktop.testing.ScriptedTunnelService;
import dev.porthole.desktop.tunnel.PortProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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

    final FixedFileDialogs dialogs = new FixedFileDialogs();
    ScriptedLocalBackend local = new ScriptedLocalBackend();

    AppContext start() {
        Services services = new Services(local, new ScriptedDeployments(), d -> new ScriptedTunnelService(),
                (h, p) -> CompletableFuture.completedFuture(true), Clock.systemUTC());
        return new AppContext(dir, new SettingsStore(dir), services, ui, new RecordingDesktop(), dialogs, true);
    }

    @Test
    void every_file_the_app_writes_is_owner_only_and_what_an_older_version_left_open_is_closed() throws Exception {
        Path history = dir.resolve("history").resolve("requests.jsonl");
        Files.createDirectories(history.getParent());
        Files.writeString(history, "");
        Files.setPosixFilePermissions(history, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(history.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        AppContext app = start();
        app.log().submit(Exchanges.entry("POST", "/login", 200));
        app.log().flushAll();
        ((FileHistoryStore) app.history()).flush();
        app.settings().update(s -> s.withTheme(dev.porthole.desktop.settings.Settings.Theme.DARK));
        var editor = app.tunnels().newTunnel();
        editor.portProperty().set("3000");
        assertThat(editor.save()).isTrue();
        new dev.porthole.desktop.backend.BackendStore(dir).saveToken("eu-west-1/porthole", "secret");
        dialogs.har = dir.resolve("exports").resolve("all.har");
        app.exportHar(app.log().entries(), "all");
        app.close();

        List<String> open;
        try (var paths = Files.walk(dir)) {
            open = paths.filter(p -> {
                try {
                    String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    return !perms.equals(Files.isDirectory(p) ? "rwx------" : "rw-------");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> dir.relativize(p) + " " + permissions(p)).toList();
        }
        assertThat(open).as("folders 0700, files 0600").isEmpty();
        assertThat(dialogs.har).exists();
        assertThat(dir.resolve("settings.json")).exists();
        assertThat(dir.resolve("tunnels.json")).exists();
        assertThat(Files.size(history)).isPositive();
    }

    private static String permissions(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void the_embedded_backend_starts_with_the_app_not_with_the_first_tunnel() {
        AppContext app = start();
        assertThat(local.state()).isInstanceOf(dev.porthole.desktop.backend.LocalBackendService.State.NotStarted.class);
        app.start();
        assertThat(local.state()).isInstanceOf(dev.porthole.desktop.backend.LocalBackendService.State.Running.class);
        assertThat(app.tunnels().tunnels()).isEmpty();
        app.close();
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
