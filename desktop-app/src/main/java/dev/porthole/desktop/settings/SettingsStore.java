package dev.porthole.desktop.settings;

import dev.porthole.desktop.platform.JsonFile;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** {@link Settings} in {@code settings.json}, read once and saved on every change. */
public final class SettingsStore {
    private final JsonFile<Settings> file;
    private final AtomicReference<Settings> current;

    public SettingsStore(Path configDir) {
        this.file = new JsonFile<>(configDir.resolve("settings.json"), Settings.class);
        this.current = new AtomicReference<>(file.read(Settings::defaults));
    }

    public Settings get() {
        return current.get();
    }

    public Settings update(UnaryOperator<Settings> change) {
        Settings updated = current.updateAndGet(change);
        file.write(updated);
        return updated;
    }

    /** Why the saved settings could not be read at start, or null. */
    public String problem() {
        return file.problem();
    }
}
