package dev.porthole.desktop.window;

import atlantafx.base.controls.ModalPane;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.Region;

/** In-window dialogs: a dimmed overlay with a card in the middle; Escape closes it. */
public final class Modals {
    private final ModalPane pane = new ModalPane();

    public Modals() {
        pane.setId("modal-pane");
    }

    public ModalPane pane() {
        return pane;
    }

    public void show(Region content, double width) {
        content.setMaxWidth(width);
        content.setPrefWidth(width);
        content.setMaxHeight(Region.USE_PREF_SIZE);
        // taller than the window: scroll (the modal pane can), rather than squeeze wrapped text into one cut line
        content.setMinHeight(Region.USE_PREF_SIZE);
        pane.setAlignment(Pos.CENTER);
        pane.usePredefinedTransitionFactories(null);
        pane.show(content);
        content.requestFocus();
    }

    public void close() {
        pane.hide(true);
    }

    public boolean isShowing() {
        return pane.isDisplay();
    }

    public Node content() {
        return pane.getContent();
    }
}
