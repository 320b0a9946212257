package dev.porthole.desktop;

import dev.porthole.desktop.event.AppEvent;
import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.desktop.platform.FxDesktopActions;
import dev.porthole.desktop.platform.FxFileDialogs;
import dev.porthole.desktop.platform.FxUiExecutor;
import dev.porthole.desktop.platform.UncaughtErrors;
import dev.porthole.desktop.settings.SettingsStore;
import dev.porthole.desktop.window.MainWindow;
import dev.porthole.desktop.window.ThemeManager;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;

/** The JavaFX application: builds the context and the main window. */
public final class PortholeApp extends Application {
    public static final String TITLE = "Porthole";
    private AppContext context;
    private SmokeTest smokeTest;

    @Override
    public void start(Stage stage) throws java.io.IOException {
        List<String> args = getParameters().getRaw();
        LaunchOptions options = LaunchOptions.parse(args);
        boolean smoke = options.smokeTest() != null;
        // a smoke test never touches the person's own settings, tunnels or history
        Path configDir = options.configDir() != null ? options.configDir()
                : smoke ? java.nio.file.Files.createTempDirectory("porthole-smoke") : ConfigDirectory.forCurrentUser().path();
        SettingsStore settings = new SettingsStore(configDir);
        Services services = RealServices.create(configDir, settings, !smoke);
        FxUiExecutor ui = new FxUiExecutor();
        context = new AppContext(configDir, settings, services, ui, new FxDesktopActions(getHostServices()),
                new FxFileDialogs(() -> stage), options.smokeTest() == null);
        new UncaughtErrors(configDir, context.bus(), ui, java.time.Clock.systemUTC()).install();
        ThemeManager themes = new ThemeManager();
        themes.apply(context.settings().get().theme());
        MainWindow window = new MainWindow(context, themes);
        Scene scene = new Scene(window, 1280, 800);
        scene.getStylesheets().add(ThemeManager.STYLESHEET);
        window.installShortcuts(scene);
        stage.setTitle(TITLE);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.getIcons().add(dev.porthole.desktop.window.AppIcon.draw(64));
        stage.setScene(scene);
        stage.show();
        context.start();
        context.startupProblems().forEach(p -> context.bus().publish(AppEvent.Notify.warning(p)));
        if (options.smokeTest() != null) {
            smokeTest = new SmokeTest(context, stage, options.smokeTest());
            smokeTest.run();
        }
    }

    /**
     * The window closes at once; what is left to do gets {@link #EXIT_WAIT}: the history's last lines are written
     * first, tunnels and the embedded backend close on their own threads, and whatever is not done by then ends with
     * the process (the backend's database survives that, tunnels come back at the next start).
     */
    @Override
    public void stop() {
        if (context != null) {
            context.closeWithin(EXIT_WAIT);
        }
        Platform.exit();
    }

    public static final java.time.Duration EXIT_WAIT = java.time.Duration.ofMillis(1500);
}
