package dev.porthole.desktop.window;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.control.Label;

/** The labels every form in the app uses, so a field's name, hint and error look the same everywhere. */
public final class FormLabels {
    private FormLabels() {
    }

    /** A field's name. */
    public static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("form-label");
        return l;
    }

    /** A wrapped line of advice under a field. */
    public static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("form-hint");
        l.setWrapText(true);
        return l;
    }

    /** A message (error or warning, by {@code style}) that takes room only while it has something to say. */
    public static Label message(ReadOnlyStringProperty text, String style) {
        Label l = new Label();
        l.getStyleClass().add(style);
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.visibleProperty().bind(text.isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }
}
