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

    /**
     * Labelled buttons that keep only their icons (their tooltips still name them) while {@code container} is narrower
     * than {@code width}: a small window keeps every control on screen instead of cutting the last ones off.
     */
    public static void iconsOnlyBelow(javafx.scene.layout.Region container, double width, javafx.scene.control.Labeled... buttons) {
        Runnable apply = () -> {
            boolean iconsOnly = container.getWidth() > 0 && container.getWidth() < width;
            for (var b : buttons) {
                b.setContentDisplay(iconsOnly ? javafx.scene.control.ContentDisplay.GRAPHIC_ONLY : javafx.scene.control.ContentDisplay.LEFT);
                if (b.getAccessibleText() == null) {
                    b.setAccessibleText(b.getText());
                }
            }
        };
        for (var b : buttons) {
            // never wider than needed to show the icon: the container's own minimum must not push the window wider
            b.setMinWidth(36);
        }
        container.widthProperty().addListener(o -> apply.run());
        apply.run();
    }

    public static Button button(String text, Ikon ikon, String... styles) {
        Button b = new Button(text, ikon == null ? null : icon(ikon));
        b.getStyleClass().addAll(styles);
        return b;
    }
}
