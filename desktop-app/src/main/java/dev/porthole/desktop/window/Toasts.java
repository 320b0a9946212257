package dev.porthole.desktop.window;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import dev.porthole.desktop.event.AppEvent;
import javafx.animation.PauseTransition;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;

/** Short messages in the top-right corner that go away by themselves (errors stay until closed). */
public final class Toasts {
    private final VBox layer = new VBox();

    public Toasts() {
        layer.getStyleClass().add("toast-layer");
        layer.setPickOnBounds(false);
        layer.setId("toasts");
    }

    public VBox layer() {
        return layer;
    }

    public void show(AppEvent.Notify notify) {
        Notification n = new Notification(notify.message(), Icons.icon(switch (notify.kind()) {
            case INFO -> Feather.INFO;
            case SUCCESS -> Feather.CHECK_CIRCLE;
            case WARNING -> Feather.ALERT_TRIANGLE;
            case ERROR -> Feather.ALERT_OCTAGON;
        }));
        n.getStyleClass().addAll("toast", Styles.ELEVATED_1, switch (notify.kind()) {
            case INFO -> Styles.ACCENT;
            case SUCCESS -> Styles.SUCCESS;
            case WARNING -> Styles.WARNING;
            case ERROR -> Styles.DANGER;
        });
        n.setOnClose(e -> layer.getChildren().remove(n));
        if (notify.action() != null) {
            javafx.scene.control.Button act = new javafx.scene.control.Button(notify.action().label());
            act.setId("toast-action");
            act.setOnAction(e -> {
                layer.getChildren().remove(n);
                notify.action().run().run();
            });
            n.setPrimaryActions(act);
        }
        layer.getChildren().add(n);
        if (layer.getChildren().size() > 4) {
            layer.getChildren().removeFirst();
        }
        if (notify.kind() != AppEvent.Notify.Kind.ERROR) {
            PauseTransition wait = new PauseTransition(Duration.seconds(notify.action() == null ? 4 : 10));
            wait.setOnFinished(e -> layer.getChildren().remove(n));
            wait.play();
        }
    }
}
