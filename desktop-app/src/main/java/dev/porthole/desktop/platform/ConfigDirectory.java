package dev.porthole.desktop.platform;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the app keeps its settings, tunnels and history. {@code PORTHOLE_CONFIG_DIR} wins; otherwise the
 * platform's usual place (XDG on Linux, Application Support on macOS, %APPDATA% on Windows).
 */
public final class ConfigDirectory {
    private ConfigDirectory() {
    }

    public static Path resolve() {
        return resolve(System.getenv(), System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
    }

    static Path resolve(Map<String, String> env, String osName, Path home) {
        String override = env.get("PORTHOLE_CONFIG_DIR");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            return (appData != null ? Path.of(appData) : home.resolve("AppData").resolve("Roaming")).resolve("Porthole");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Porthole");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("porthole");
    }
}
