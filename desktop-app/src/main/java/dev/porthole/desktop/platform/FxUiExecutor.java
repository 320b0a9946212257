package dev.porthole.desktop.platform;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.util.Duration;

/** {@link UiExecutor} on the JavaFX application thread. */
public final class FxUiExecutor implements UiExecutor {

    @Override
    public void execute(Runnable command) {
        if (Platform.isFxApplicationThread()) {
            command.run();
        } else {
            Platform.runLater(command);
        }
    }

    @Override
    public AutoCloseable every(java.time.Duration period, Runnable action) {
        Timeline timeline = new Timeline(new KeyFrame(Duration.millis(period.toMillis()), e -> action.run()));
        timeline.setCycleCount(Animation.INDEFINITE);
        execute(timeline::play);
        return () -> execute(timeline::stop);
    }
}
