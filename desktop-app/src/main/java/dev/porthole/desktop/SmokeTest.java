package dev.porthole.desktop;

import com.sun.net.httpserver.HttpServer;
import dev.porthole.desktop.backend.LocalBackendService;
import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.tunnel.StatusWords;
import dev.porthole.desktop.tunnel.TunnelEditorViewModel;
import dev.porthole.desktop.tunnel.TunnelItemViewModel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * {@code --smoke-test FILE.png}, for installers: the window is up, "This computer" starts and answers its health
 * check, a request goes through a tunnel to a small local server and shows in the log, a screenshot is saved;
 * exit 0 — or a message and exit 1. It runs in a temporary config directory unless {@code --config-dir} is given.
 * The tunnel keeps the public Host header, so the test also proves the app was started the way that allows it
 * (through {@link Launcher}, as the jar and the installed app are).
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
                throughATunnel();
                // the log shows the request within a flush; then it is opened in the inspector, and the screenshot
                // waits for its bodies to be prepared (a busy machine takes longer than a fixed pause)
                if (!onUiThreadWhen(() -> !context.log().entries().isEmpty(), () -> context.bus().publish(
                        new AppEvent.Inspect(context.log().entries().getLast().id())))) {
                    throw new IllegalStateException("the request through the tunnel did not show in the log");
                }
                onUiThreadWhen(() -> context.inspector().entryProperty().get() != null
                        && !context.inspector().preparingProperty().get(), () -> { });
                Platform.runLater(this::shootAndExit);
            } catch (Exception e) {
                System.err.println("Smoke test failed: " + e);
                Platform.runLater(() -> exit(1));
            }
        });
    }

    /**
     * Runs {@code then} on the UI thread once {@code ready} holds there, checked every 100 ms for at most 20 s.
     *
     * @return whether it came to hold (and {@code then} ran)
     */
    private static boolean onUiThreadWhen(java.util.function.BooleanSupplier ready, Runnable then) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            Platform.runLater(() -> {
                boolean now = ready.getAsBoolean();
                if (now) {
                    then.run();
                }
                done.complete(now);
            });
            if (done.get(30, TimeUnit.SECONDS)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** A tunnel to a tiny local server, and one request through its public URL: agent, backend and function at work. */
    private void throughATunnel() throws Exception {
        HttpServer local = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CompletableFuture<String> hostSeen = new CompletableFuture<>();
        local.createContext("/", exchange -> {
            hostSeen.complete(String.valueOf(exchange.getRequestHeaders().getFirst("Host")));
            byte[] body = "porthole smoke test".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        local.start();
        try {
            CompletableFuture<TunnelItemViewModel> online = new CompletableFuture<>();
            Platform.runLater(() -> {
                TunnelEditorViewModel editor = context.tunnels().newTunnel();
                editor.nameProperty().set("Smoke test");
                editor.hostProperty().set("127.0.0.1");
                editor.portProperty().set(Integer.toString(local.getAddress().getPort()));
                editor.keepPublicHostProperty().set(true);
                editor.save();
                TunnelItemViewModel item = context.tunnels().tunnels().getLast();
                item.publicUrlProperty().addListener((o, was, now) -> {
                    if (now != null) {
                        online.complete(item);
                    }
                });
                item.detailProperty().addListener((o, was, now) -> {
                    if (item.lightProperty().get() == StatusWords.Light.FAILED) {
                        online.completeExceptionally(new IllegalStateException("the tunnel failed: " + now));
                    }
                });
                // started by save(): a new tunnel starts as it is created
            });
            URI publicUrl = online.get(60, TimeUnit.SECONDS).publicUrlProperty().get();
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(publicUrl.resolve("smoke?check=1"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !response.body().equals("porthole smoke test")) {
                    throw new IllegalStateException("the tunnel answered " + response.statusCode() + ": " + response.body());
                }
            }
            String host = hostSeen.getNow("");
            if (!host.equalsIgnoreCase(publicUrl.getRawAuthority())) {
                throw new IllegalStateException("the local server saw Host " + host + " instead of the public " + publicUrl.getRawAuthority()
                        + ": keeping the public Host header does not work in this app");
            }
            Platform.runLater(() -> context.bus().publish(new AppEvent.ShowRequests(null)));
        } finally {
            local.stop(0);
        }
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
        context.closeWithin(PortholeApp.EXIT_WAIT);
        Platform.exit();
        System.exit(code);
    }
}
