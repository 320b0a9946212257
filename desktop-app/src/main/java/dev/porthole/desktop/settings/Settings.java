package dev.porthole.desktop.settings;

/**
 * The person's preferences, saved as {@code settings.json}.
 *
 * @param theme            light, dark, or follow the system
 * @param historyLimit     how many requests the log keeps (in memory and on disk)
 * @param lanAccess        whether "This computer" listens on the LAN instead of loopback only
 * @param localBackendPort the port "This computer" used last, tried again first so URLs stay the same (0 = any)
 * @param logFilter        the request log's filter, kept across restarts
 * @param sidebarCollapsed the sidebar shows only its icons (more room for small windows)
 */
public record Settings(Theme theme, int historyLimit, boolean lanAccess, int localBackendPort, SavedFilter logFilter,
                       boolean sidebarCollapsed) {
    public static final int DEFAULT_HISTORY_LIMIT = 10_000;
    public static final int MIN_HISTORY_LIMIT = 100;
    public static final int MAX_HISTORY_LIMIT = 100_000;

    public enum Theme { SYSTEM, LIGHT, DARK }

    /** @param method null for any; @param statusClass a {@code StatusClass} name, null for any */
    public record SavedFilter(String text, String method, String statusClass) {
        public static final SavedFilter NONE = new SavedFilter("", null, null);

        public SavedFilter {
            text = text == null ? "" : text;
        }
    }

    public Settings {
        theme = theme == null ? Theme.SYSTEM : theme;
        historyLimit = historyLimit <= 0 ? DEFAULT_HISTORY_LIMIT : Math.clamp(historyLimit, MIN_HISTORY_LIMIT, MAX_HISTORY_LIMIT);
        localBackendPort = localBackendPort < 0 || localBackendPort > 65535 ? 0 : localBackendPort;
        logFilter = logFilter == null ? SavedFilter.NONE : logFilter;
    }

    public Settings(Theme theme, int historyLimit, boolean lanAccess, int localBackendPort) {
        this(theme, historyLimit, lanAccess, localBackendPort, SavedFilter.NONE, false);
    }

    public static Settings defaults() {
        return new Settings(Theme.SYSTEM, DEFAULT_HISTORY_LIMIT, false, 0);
    }

    public Settings withTheme(Theme value) {
        return new Settings(value, historyLimit, lanAccess, localBackendPort, logFilter, sidebarCollapsed);
    }

    public Settings withHistoryLimit(int value) {
        return new Settings(theme, value, lanAccess, localBackendPort, logFilter, sidebarCollapsed);
    }

    public Settings withLanAccess(boolean value) {
        return new Settings(theme, historyLimit, value, localBackendPort, logFilter, sidebarCollapsed);
    }

    public Settings withLogFilter(SavedFilter value) {
        return new Settings(theme, historyLimit, lanAccess, localBackendPort, value, sidebarCollapsed);
    }

    public Settings withSidebarCollapsed(boolean value) {
        return new Settings(theme, historyLimit, lanAccess, localBackendPort, logFilter, value);
    }

    public Settings withLocalBackendPort(int value) {
        return new Settings(theme, historyLimit, lanAccess, value, logFilter, sidebarCollapsed);
    }
}
