package dev.porthole.desktop.window;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.porthole.desktop.settings.Settings;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;

import java.util.Objects;

/** Applies the light or dark theme, following the system when the person chose "System". */
public final class ThemeManager {
    public static final String STYLESHEET = Objects.requireNonNull(
            ThemeManager.class.getResource("/dev/porthole/desktop/porthole.css")).toExternalForm();

    private Settings.Theme choice = Settings.Theme.SYSTEM;
    private boolean dark;

    public ThemeManager() {
        Platform.getPreferences().colorSchemeProperty().addListener(o -> {
            if (choice == Settings.Theme.SYSTEM) {
                apply(choice);
            }
        });
    }

    /** Returns whether the theme is now dark. */
    public boolean apply(Settings.Theme theme) {
        choice = theme;
        dark = switch (theme) {
            case LIGHT -> false;
            case DARK -> true;
            case SYSTEM -> Platform.getPreferences().getColorScheme() == ColorScheme.DARK;
        };
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        return dark;
    }

    public boolean isDark() {
        return dark;
    }
}
