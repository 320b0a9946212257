package dev.porthole.desktop;

import dev.porthole.desktop.backend.LocalBackendService;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code --smoke-test FILE.png}, for installers: the window is up, "This computer" starts and answers its health
 * check, a screenshot is saved; exit 0 — or a message and exit 1.
 */
final class SmokeTest {
    private final AppContext context;
    private final Stage stage;
    private final Path screenshot;

    SmokeTest(AppContext context, Stage stage, Path screenshot) {
        this.context = context;
        this.stage = stage;
        this.screenshot = screenshot;
    }

    void run() {
        Thread.ofVirtual().name("porthole-smoke-test").start(() -> {
            try {
                context.services().local().ensureStarted().get(90, TimeUnit.SECONDS);
                if (!(context.services().local().state() instanceof LocalBackendService.State.Running running)) {
                    throw new IllegalStateException("the local backend is not running: " + context.services().local().state());
                }
                int status = health(running.healthUrl());
                if (status != 200) {
                    throw new IllegalStateException("the local backend's health check answered " + status);
                }
                Platform.runLater(() -> context.bus().publish(new dev.porthole.desktop.event.AppEvent.ShowPage(
                        dev.porthole.desktop.event.AppEvent.Page.BACKENDS)));
                Thread.sleep(500); // let the Backends page show the running backend before the picture
                Platform.runLater(this::shootAndExit);
            } catch (Exception e) {
                System.err.println("Smoke test failed: " + e);
                Platform.runLater(() -> exit(1));
            }
        });
    }

    private static int health(URI url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private void shootAndExit() {
        try {
            save(stage, screenshot);
            System.out.println("Smoke test passed: window \"" + stage.getTitle() + "\", screenshot " + screenshot.toAbsolutePath());
            exit(0);
        } catch (IOException e) {
            System.err.println("Smoke test failed: could not write " + screenshot + ": " + e.getMessage());
            exit(1);
        }
    }

    static void save(Stage stage, Path file) throws IOException {
        var image = stage.getScene().snapshot(null);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
    }

    private void exit(int code) {
        context.close();
        Platform.exit();
        System.exit(code);
    }
}
