package dev.porthole.desktop.ui;

import dev.porthole.agent.FailureReason;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.desktop.Services;
import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.settings.Settings;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.desktop.testing.ScriptedDeployments;
import dev.porthole.desktop.testing.ScriptedLocalBackend;
import dev.porthole.desktop.testing.ScriptedTunnelService;
import dev.porthole.desktop.tunnel.TunnelItemViewModel;
import dev.porthole.protocol.HttpHeaders;
import javafx.scene.Node;
import javafx.scene.control.ScrollBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.porthole.desktop.ui.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page and dialog, light and dark, at 1280×800 and at the smallest window (900×600), for a person to look at
 * in target/screenshots/tour-*.png; and at 900×600 nothing scrolls sideways and every control of the Requests
 * toolbar and of a tunnel's row is on screen.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenTourTest {
    @TempDir
    static Path configDir;
    final ScriptedTunnelService tunnels = new ScriptedTunnelService();
    final ScriptedLocalBackend local = new ScriptedLocalBackend();
    final ScriptedDeployments deployments = new ScriptedDeployments();
    UiTestSupport app;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        deployments.profileList = List.of();
        Services services = new Services(local, deployments, d -> tunnels,
                (host, port) -> CompletableFuture.completedFuture(port != 9999), Clock.systemUTC());
        app = new UiTestSupport(stage, configDir.resolve("tour-" + System.nanoTime()), services);
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> app.context.close()).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void every_page_in_both_themes_and_both_sizes(FxRobot robot) {
        robot.interact(() -> app.context.start());
        populate(robot);
        List<String> problems = new ArrayList<>();
        for (int[] size : new int[][]{{1280, 800}, {900, 600}}) {
            for (Settings.Theme theme : List.of(Settings.Theme.LIGHT, Settings.Theme.DARK)) {
                robot.interact(() -> {
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                    app.themes.apply(theme);
                });
                String suffix = size[0] + "x" + size[1] + "-" + theme.name().toLowerCase(java.util.Locale.ROOT);
                tour(robot, suffix, problems);
            }
        }
        assertThat(problems).as("what does not fit").isEmpty();
    }

    private void tour(FxRobot robot, String suffix, List<String> problems) {
        show(robot, AppEvent.Page.TUNNELS);
        robot.interact(() -> app.context.tunnels().refresh());
        shoot(robot, "tour-tunnels-" + suffix);
        noSidewaysScroll(robot, "#tunnel-list", suffix, problems);
        onScreen(robot, List.of("#toggle-Shop-webhooks", "#more-Shop-webhooks", "#toggle-Payments-API", "#more-Payments-API"), suffix, problems);

        show(robot, AppEvent.Page.REQUESTS);
        LogEntry json = app.context.log().entries().stream().filter(e -> e.target().startsWith("/api/orders")).findFirst().orElseThrow();
        robot.interact(() -> app.context.log().selectedProperty().set(json));
        waitUntil(() -> app.context.inspector().responseProperty().get() != null);
        shoot(robot, "tour-requests-" + suffix);
        noSidewaysScroll(robot, "#log-table", suffix, problems);
        onScreen(robot, List.of("#log-filter", "#har-menu", "#clear-log", "#pause", "#replay", "#edit-replay", "#copy-curl"), suffix, problems);

        LogEntry big = app.context.log().entries().stream().filter(e -> e.target().startsWith("/upload")).findFirst().orElseThrow();
        robot.interact(() -> app.context.log().selectedProperty().set(big));
        waitUntil(() -> app.context.inspector().responseProperty().get() != null);
        shoot(robot, "tour-requests-large-body-" + suffix);

        LogEntry partial = app.context.log().entries().stream().filter(e -> e.target().startsWith("/import")).findFirst().orElseThrow();
        robot.interact(() -> app.context.log().selectedProperty().set(partial));
        waitUntil(() -> app.context.inspector().responseProperty().get() != null);
        robot.interact(() -> app.context.inspector().replayAsIs());
        waitUntil(() -> robot.lookup("#replay-problem-edit").tryQuery().map(UiTestSupport::shown).orElse(false));
        shoot(robot, "tour-replay-partial-body-" + suffix);
        robot.interact(() -> robot.lookup("#toasts").queryAs(javafx.scene.layout.VBox.class).getChildren().clear());

        robot.interact(() -> app.context.log().selectedProperty().set(json));
        waitUntil(() -> app.context.inspector().responseProperty().get() != null);
        robot.interact(() -> app.window.editAndReplay());
        shoot(robot, "tour-edit-and-replay-" + suffix);
        robot.interact(() -> app.window.modals().close());

        show(robot, AppEvent.Page.BACKENDS);
        shoot(robot, "tour-backends-" + suffix);
        deployments.profileList = List.of();
        robot.clickOn("#deploy-aws");
        shoot(robot, "tour-deploy-no-credentials-" + suffix);
        robot.interact(() -> app.window.modals().close());
        deployments.profileList = List.of(dev.porthole.desktop.deploy.AwsCredentials.profile("work", "eu-west-1"));
        deployments.events = List.of(new dev.porthole.desktop.deploy.DeployProgress("Porthole", "", "Checking the AWS credentials…", 2));
        deployments.failure = new dev.porthole.desktop.deploy.DeploymentService.DeploymentException(
                "The AWS credentials of profile 'work' have expired.", "Run “aws sso login --profile work”, then Refresh and deploy again.", null);
        robot.clickOn("#deploy-aws");
        robot.clickOn("#deploy-start");
        waitUntil(() -> robot.lookup("#deploy-error").tryQuery().map(UiTestSupport::shown).orElse(false));
        shoot(robot, "tour-deploy-failed-" + suffix);
        robot.interact(() -> app.window.modals().close());
        deployments.failure = null;

        show(robot, AppEvent.Page.SETTINGS);
        shoot(robot, "tour-settings-" + suffix);

        show(robot, AppEvent.Page.TUNNELS);
        robot.interact(() -> app.window.tunnelsView().newTunnel());
        robot.interact(() -> robot.lookup("#tunnel-port").queryTextInputControl().setText("9999"));
        waitUntil(() -> robot.lookup("#port-warning").tryQuery().map(Node::isVisible).orElse(false));
        shoot(robot, "tour-new-tunnel-" + suffix);
        robot.interact(() -> app.window.modals().close());

        if (suffix.startsWith("900")) {
            robot.interact(() -> app.window.sidebarCollapsedProperty().set(true));
            show(robot, AppEvent.Page.REQUESTS);
            shoot(robot, "tour-requests-sidebar-collapsed-" + suffix);
            robot.interact(() -> app.window.sidebarCollapsedProperty().set(false));
        }
    }

    private void show(FxRobot robot, AppEvent.Page page) {
        robot.interact(() -> app.context.bus().publish(new AppEvent.ShowPage(page)));
    }

    private void shoot(FxRobot robot, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        app.screenshot(robot, name);
    }

    /** A horizontal scroll bar in the list or table means something is cut off at the right. */
    private void noSidewaysScroll(FxRobot robot, String query, String suffix, List<String> problems) {
        robot.lookup(query + " .scroll-bar").queryAllAs(ScrollBar.class).stream()
                .filter(b -> b.getOrientation() == javafx.geometry.Orientation.HORIZONTAL && b.isVisible())
                .findAny().ifPresent(b -> problems.add(suffix + ": " + query + " scrolls sideways"));
    }

    /** Each control lies wholly inside the window. */
    private void onScreen(FxRobot robot, List<String> queries, String suffix, List<String> problems) {
        double width = app.scene.getWidth();
        for (String q : queries) {
            var node = robot.lookup(q).tryQuery();
            if (node.isEmpty()) {
                problems.add(suffix + ": " + q + " is missing");
                continue;
            }
            var bounds = node.get().localToScene(node.get().getBoundsInLocal());
            if (!UiTestSupport.shown(node.get()) || bounds.getMaxX() > width + 0.5 || bounds.getMinX() < 0) {
                problems.add(suffix + ": " + q + " is cut off (" + Math.round(bounds.getMinX()) + "–" + Math.round(bounds.getMaxX())
                        + " of " + Math.round(width) + ")");
            }
        }
    }

    private void populate(FxRobot robot) {
        robot.interact(() -> {
            add("Shop webhooks", 3000, false);
            add("Vite dev server", 9999, true);
            add("Payments API", 8080, false);
            add("Stopped one", 4000, false);
        });
        List<TunnelItemViewModel> items = app.context.tunnels().tunnels();
        robot.interact(() -> items.subList(0, 3).forEach(TunnelItemViewModel::start));
        tunnels.status(items.get(0).config().key(), new TunnelStatus.Online(URI.create("http://127.0.0.1:8123/shop-hooks/"), "shop-hooks"));
        tunnels.status(items.get(1).config().key(), new TunnelStatus.Online(URI.create("http://127.0.0.1:8123/k3y9x2ab7qpl1/"), "k3y9x2ab7qpl1"));
        tunnels.status(items.get(2).config().key(), new TunnelStatus.Failed(FailureReason.BACKEND_UNREACHABLE,
                "the backend at wss://ws123.execute-api.eu-west-1.amazonaws.com/porthole could not be reached: connect timed out "
                        + "after 10000 ms (java.net.http.HttpConnectTimeoutException: HTTP connect timed out)"));
        String key = items.get(0).config().key();
        tunnels.exchange(key, Exchanges.exchange("GET", "/api/orders?status=open&page=2",
                HttpHeaders.of("Host", "127.0.0.1:8123", "Accept", "application/json", "Cookie", "session=abc123"),
                CapturedBody.EMPTY, 200, HttpHeaders.of("Content-Type", "application/json"),
                Exchanges.body("[{\"id\":17,\"total\":42.50,\"items\":[\"tea\",\"cups\"],\"paid\":true},{\"id\":18,\"total\":9.99,\"paid\":false}]")));
        tunnels.exchange(key, Exchanges.exchange("POST", "/hooks/stripe", HttpHeaders.of("Content-Type", "application/json"),
                Exchanges.body("{\"type\":\"payment_intent.succeeded\"}"), 500, HttpHeaders.of("Content-Type", "text/plain"),
                Exchanges.body("boom")));
        String oneLine = "The quick brown fox jumps over the lazy dog. ".repeat(25_000);
        tunnels.exchange(key, Exchanges.exchange("POST", "/upload?name=notes.txt", HttpHeaders.of("Content-Type", "text/plain"),
                Exchanges.body(oneLine), 201, HttpHeaders.of("Content-Type", "text/plain"), Exchanges.body(oneLine)));
        tunnels.exchange(key, Exchanges.exchange("POST", "/import", HttpHeaders.of("Content-Type", "text/csv"),
                new CapturedBody("id,name\n1,tea\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), 4 * 1024 * 1024), 413,
                HttpHeaders.of("Content-Type", "text/plain"), Exchanges.body("too large")));
        waitUntil(() -> app.context.log().totalCountProperty().get() == 4);
        robot.interact(() -> app.context.tunnels().refresh());
        // the local port check of "Vite dev server" (nothing listens on 9999) runs when it is online
        waitUntil(() -> !items.get(1).localWarningProperty().get().isEmpty());
        assertThat(Instant.now()).isNotNull();
    }

    private void add(String name, int port, boolean keep) {
        var editor = app.context.tunnels().newTunnel();
        editor.portProperty().set(Integer.toString(port));
        editor.nameProperty().set(name);
        editor.catchWhileOfflineProperty().set(keep);
        editor.startNowProperty().set(false);
        editor.save();
    }
}
