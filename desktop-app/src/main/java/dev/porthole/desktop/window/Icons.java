package dev.porthole.desktop.window;

import atlantafx.base.theme.Styles;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small helpers for icon buttons, so every view builds them the same way. */
public final class Icons {
    private Icons() {
    }

    public static FontIcon icon(Ikon ikon) {
        return new FontIcon(ikon);
    }

    public static FontIcon icon(Ikon ikon, int size) {
        FontIcon icon = new FontIcon(ikon);
        icon.setIconSize(size);
        return icon;
    }

    /** A flat, round icon-only button with a tooltip (its accessible text too). */
    public static Button iconButton(Ikon ikon, String tooltip) {
        Button b = new Button(null, icon(ikon));
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setTooltip(new Tooltip(tooltip));
        b.setAccessibleText(tooltip);
        return b;
    }

    public static Button button(String text, Ikon ikon, String... styles) {
        Button b = new Button(text, ikon == null ? null : icon(ikon));
        b.getStyleClass().addAll(styles);
        return b;
    }
}
