package dev.porthole.desktop.ui;

import dev.porthole.desktop.AppContext;
import dev.porthole.desktop.Services;
import dev.porthole.desktop.platform.FxUiExecutor;
import dev.porthole.desktop.testing.RecordingDesktop;
import dev.porthole.desktop.window.MainWindow;
import dev.porthole.desktop.window.ThemeManager;
import dev.porthole.desktop.settings.Settings;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Builds the real main window on test services, and saves screenshots under target/screenshots. */
public final class UiTestSupport {
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    public final RecordingDesktop desktop = new RecordingDesktop();
    public final AppContext context;
    public final MainWindow window;
    public final ThemeManager themes = new ThemeManager();
    /** The paths the file dialogs answer with ({@code files.har} for HAR export and import). */
    public final dev.porthole.desktop.testing.FixedFileDialogs files = new dev.porthole.desktop.testing.FixedFileDialogs();
    public final Scene scene;

    public UiTestSupport(Stage stage, Path configDir, Services services) {
        this(stage, configDir, new dev.porthole.desktop.settings.SettingsStore(configDir), services);
    }

    public UiTestSupport(Stage stage, Path configDir, dev.porthole.desktop.settings.SettingsStore settings, Services services) {
        files.har = null;
        context = new AppContext(configDir, settings, services, new FxUiExecutor(), desktop, files, true);
        themes.apply(Settings.Theme.LIGHT);
        window = new MainWindow(context, themes);
        scene = new Scene(window, 1280, 800);
        scene.getStylesheets().add(ThemeManager.STYLESHEET);
        window.installShortcuts(scene);
        stage.setTitle("Porthole");
        stage.setScene(scene);
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
        // keys typed by the robot go to the focused window: this one, not what a test before left in front
        stage.toFront();
        stage.requestFocus();
    }

    public void screenshot(FxRobot robot, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            try {
                Files.createDirectories(SCREENSHOTS);
                ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png",
                        SCREENSHOTS.resolve(name + ".png").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Whether a person sees the node: it and every parent up to the scene are visible. */
    public static boolean shown(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    public static void waitUntil(Callable<Boolean> condition) {
        waitUntil(condition, java.time.Duration.ofSeconds(15));
    }

    public static void waitUntil(Callable<Boolean> condition, java.time.Duration timeout) {
        try {
            WaitForAsyncUtils.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS, condition);
        } catch (Exception e) {
            throw new AssertionError("condition not met within " + timeout.toSeconds() + " s", e);
        }
    }
}
