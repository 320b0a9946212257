package dev.porthole.desktop.settings;

import dev.porthole.desktop.LaunchOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void settings_are_saved_and_read_back() {
        new SettingsStore(dir).update(s -> s.withTheme(Settings.Theme.DARK).withHistoryLimit(500).withLanAccess(true));
        Settings back = new SettingsStore(dir).get();
        assertThat(back).isEqualTo(new Settings(Settings.Theme.DARK, 500, true, 0));
    }

    @Test
    void the_log_filter_is_kept() {
        new SettingsStore(dir).update(s -> s.withLogFilter(new Settings.SavedFilter("/hooks", "POST", "SERVER_ERROR")));
        assertThat(new SettingsStore(dir).get().logFilter()).isEqualTo(new Settings.SavedFilter("/hooks", "POST", "SERVER_ERROR"));
    }

    @Test
    void an_unreadable_file_is_kept_aside_and_defaults_are_used() throws Exception {
        Files.writeString(dir.resolve("settings.json"), "{ this is not json");
        SettingsStore store = new SettingsStore(dir);
        assertThat(store.get()).isEqualTo(Settings.defaults());
        assertThat(store.problem()).startsWith("settings.json could not be read").contains("kept as settings.json.unreadable-");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("settings.json.unreadable-"));
        }
    }

    @Test
    void out_of_range_values_are_brought_back_in_range() {
        assertThat(new Settings(null, 5, false, 99999)).isEqualTo(new Settings(Settings.Theme.SYSTEM, Settings.MIN_HISTORY_LIMIT, false, 0));
    }

    @Test
    void the_command_line_is_parsed_or_refused_with_a_reason() {
        assertThat(LaunchOptions.parse(List.of("--config-dir", "/tmp/x", "--smoke-test", "s.png")))
                .isEqualTo(new LaunchOptions(Path.of("/tmp/x"), Path.of("s.png")));
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--smoke-test"))).hasMessage("--smoke-test needs a value.");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--bogus"))).hasMessage("Unknown option --bogus.");
    }
}
