package dev.porthole.desktop.ui;

import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.Services;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.settings.Settings;
import dev.porthole.desktop.testing.EchoServer;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.desktop.testing.ScriptedDeployments;
import dev.porthole.desktop.testing.ScriptedLocalBackend;
import dev.porthole.desktop.testing.ScriptedTunnelService;
import dev.porthole.desktop.tunnel.PortProbe;
import dev.porthole.desktop.tunnel.TunnelItemViewModel;
import dev.porthole.protocol.HttpHeaders;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Executors;

import static dev.porthole.desktop.ui.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window's flows on scripted tunnels (the real agent scenario lives in the end-to-end test): empty states, the
 * tunnel dialog with validation, live status, the log, the inspector, edit-and-replay against a real local server
 * with its diff, and the main screens in light and dark for a person to look at.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowUiTest {
    @TempDir
    static Path configDir;
    final ScriptedTunnelService tunnels = new ScriptedTunnelService();
    final ScriptedLocalBackend local = new ScriptedLocalBackend();
    EchoServer server;
    UiTestSupport app;

    @Start
    void start(Stage stage) throws Exception {
        server = new EchoServer();
        Services services = new Services(local, new ScriptedDeployments(), directory -> tunnels,
                PortProbe.tcp(Executors.newVirtualThreadPerTaskExecutor()), Clock.systemUTC());
        app = new UiTestSupport(stage, configDir.resolve("ui-" + System.nanoTime()), services);
    }

    @AfterEach
    void close() throws Exception {
        // stops the tunnels and lets the history writer finish before the temporary directory is deleted
        org.testfx.util.WaitForAsyncUtils.asyncFx(() -> app.context.close()).get(30, java.util.concurrent.TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void add_start_watch_inspect_replay_and_diff(FxRobot robot) {
        app.screenshot(robot, "01-tunnels-empty");

        robot.clickOn("#empty-new-tunnel");
        robot.clickOn("#tunnel-port").write("99999");
        assertThat(robot.lookup("#save-tunnel").queryAs(Button.class).isDisabled()).isTrue();
        robot.interact(() -> robot.lookup("#tunnel-port").queryTextInputControl().setText("1"));
        waitUntil(() -> robot.lookup("#port-warning").tryQuery().map(n -> n.isVisible()).orElse(false));
        app.screenshot(robot, "02-new-tunnel-dialog");
        robot.interact(() -> robot.lookup("#tunnel-port").queryTextInputControl().setText(Integer.toString(server.port())));
        robot.clickOn("#tunnel-name").write("Shop webhooks");
        robot.clickOn("#save-tunnel");
        assertThat(app.context.tunnels().tunnels()).hasSize(1);
        TunnelItemViewModel item = app.context.tunnels().tunnels().getFirst();

        // "Start it now" is on by default: creating the tunnel started it
        waitUntil(() -> tunnels.running(item.config().key()));
        tunnels.status(item.config().key(), new TunnelStatus.Online(URI.create("http://127.0.0.1:8123/shop-hooks/"), "shop-hooks"));
        waitUntil(() -> item.publicUrlProperty().get() != null);
        robot.interact(() -> app.context.tunnels().newTunnel().portProperty().set("5173"));
        addSecondTunnel(robot);
        feedSampleTraffic(item.config().key());
        robot.interact(() -> app.context.tunnels().refresh());
        app.screenshot(robot, "03-tunnels-online");
        assertThat(robot.lookup("#keeps-Vite-dev-server").query().isVisible()).as("the badge of a tunnel that keeps requests").isTrue();
        assertThat(robot.lookup("#keeps-Shop-webhooks").query().isVisible()).isFalse();

        robot.clickOn("#nav-requests");
        waitUntil(() -> app.context.log().entries().size() == 6);
        TableView<?> table = robot.lookup("#log-table").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(1));
        app.screenshot(robot, "04-requests-inspector-json");

        LogEntry stripe = app.context.log().entries().stream().filter(e -> e.target().startsWith("/hooks/stripe")).findFirst().orElseThrow();
        robot.interact(() -> app.context.log().selectedProperty().set(stripe));
        robot.clickOn("#edit-replay");
        robot.interact(() -> robot.lookup("#replay-target").queryTextInputControl().setText("/hooks/stripe?attempt=2"));
        app.screenshot(robot, "05-edit-and-replay");
        robot.clickOn("#replay-send");

        EchoServer.Received received = uncheckedTake();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.target()).isEqualTo("/hooks/stripe?attempt=2");
        assertThat(received.headers().get("Stripe-signature")).containsExactly("t=1700000000,v1=5257a869e7");
        waitUntil(() -> app.context.log().entries().stream().anyMatch(LogEntry::isReplay));
        LogEntry replay = app.context.log().entries().stream().filter(LogEntry::isReplay).findFirst().orElseThrow();
        assertThat(replay.replayOf()).isEqualTo(stripe.id());
        waitUntil(() -> app.context.log().selectedProperty().get() == replay);
        TabPane responseTabs = robot.lookup("#response-tabs").queryAs(TabPane.class);
        waitUntil(() -> responseTabs.getSelectionModel().getSelectedItem() != null
                && "diff-tab".equals(responseTabs.getSelectionModel().getSelectedItem().getId()));
        waitUntil(() -> robot.lookup("#diff-summary").tryQuery().isPresent());
        assertThat(robot.lookup("#diff-summary").queryLabeled().getText()).contains("removed").contains("added");
        app.screenshot(robot, "06-replay-diff");

        robot.interact(() -> app.themes.apply(Settings.Theme.DARK));
        app.screenshot(robot, "07-requests-dark");
        robot.clickOn("#nav-tunnels");
        assertThat(UiTestSupport.shown(robot.lookup("#lock-Payments-API").query())).isTrue();
        assertThat(UiTestSupport.shown(robot.lookup("#lock-Shop-webhooks").query())).isFalse();
        app.screenshot(robot, "08-tunnels-dark");
        robot.doubleClickOn("Payments API");
        assertThat(robot.lookup("#tunnel-protected-as").queryLabeled().getText()).isEqualTo("Protected as partners");
        assertThat(UiTestSupport.shown(robot.lookup("#tunnel-access-password").query())).isFalse();
        app.screenshot(robot, "12-edit-protected-tunnel-dark");
        robot.clickOn("#tunnel-change-password");
        assertThat(UiTestSupport.shown(robot.lookup("#tunnel-access-password").query())).isTrue();
        assertThat(robot.lookup("#save-tunnel").queryButton().isDisabled()).as("a new password is needed").isTrue();
        robot.interact(() -> robot.lookup("#tunnel-access-user").queryTextInputControl().setText("a:b"));
        assertThat(robot.lookup("#tunnel-access-user").queryTextInputControl().getText()).isEqualTo("a:b");
        app.screenshot(robot, "13-change-password-dark");
        robot.clickOn("#tunnel-keep-password");
        assertThat(robot.lookup("#save-tunnel").queryButton().isDisabled()).isFalse();
        robot.interact(() -> app.window.modals().close());
        robot.interact(() -> app.themes.apply(Settings.Theme.LIGHT));

        robot.clickOn("#nav-backends");
        robot.clickOn("#start-local");
        waitUntil(() -> robot.lookup(".url-label").tryQuery().isPresent());
        app.screenshot(robot, "09-backends");
        robot.clickOn("#deploy-aws");
        robot.clickOn("#deploy-start");
        waitUntil(() -> robot.lookup("#deploy-result").tryQuery().map(n -> n.isVisible()).orElse(false));
        assertThat(UiTestSupport.shown(robot.lookup("#deploy-dns").query())).as("no custom domain, no DNS step").isFalse();
        app.screenshot(robot, "10-deploy-done");
        robot.interact(() -> app.window.modals().close());

        robot.interact(() -> app.themes.apply(Settings.Theme.DARK));
        robot.clickOn("#deploy-aws");
        robot.interact(() -> {
            robot.lookup("#deploy-stack").queryTextInputControl().setText("porthole-hooks");
            robot.lookup("#deploy-domain").queryTextInputControl().setText("hooks.example.com");
        });
        app.screenshot(robot, "15-deploy-custom-domain-dark");
        robot.interact(() -> robot.lookup("#deploy-certificate").queryTextInputControl()
                .setText("arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab"));
        robot.clickOn("#deploy-start");
        waitUntil(() -> robot.lookup("#deploy-dns").tryQuery().map(n -> n.isVisible()).orElse(false));
        assertThat(robot.lookup("#deploy-cname-target").queryLabeled().getText()).isEqualTo("d-abc123.execute-api.us-east-1.amazonaws.com");
        app.screenshot(robot, "16-deploy-custom-domain-done-dark");
        robot.interact(() -> app.window.modals().close());
        app.screenshot(robot, "17-backends-dark");
        robot.interact(() -> app.themes.apply(Settings.Theme.LIGHT));
    }

    private void addSecondTunnel(FxRobot robot) {
        robot.interact(() -> {
            var editor = app.context.tunnels().newTunnel();
            editor.portProperty().set("5173");
            editor.nameProperty().set("Vite dev server");
            editor.catchWhileOfflineProperty().set(true);
            editor.save();
            var editor2 = app.context.tunnels().newTunnel();
            editor2.portProperty().set("8080");
            editor2.nameProperty().set("Payments API");
            editor2.protectProperty().set(true);
            editor2.accessUserProperty().set("partners");
            editor2.passwordProperty().set("s3cret");
            editor2.keepPublicHostProperty().set(true);
            editor2.save();
        });
        TunnelItemViewModel vite = app.context.tunnels().tunnels().get(1);
        robot.interact(vite::start);
        tunnels.status(vite.config().key(), new TunnelStatus.Reconnecting(3, Instant.now().plusSeconds(8),
                dev.porthole.agent.FailureReason.BACKEND_UNREACHABLE, "The connection to the backend dropped"));
        TunnelItemViewModel api = app.context.tunnels().tunnels().get(2);
        robot.interact(api::start);
        tunnels.status(api.config().key(), new TunnelStatus.Failed(dev.porthole.agent.FailureReason.TUNNEL_ID_TAKEN,
                "Tunnel ID payments is used by another agent"));
    }

    private EchoServer.Received uncheckedTake() {
        try {
            return server.take();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void feedSampleTraffic(String key) {
        String stripeBody = "{\"id\":\"evt_1Q\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"amount\":2000,\"currency\":\"eur\",\"livemode\":false}}}";
        tunnels.exchange(key, Exchanges.exchange("POST", "/hooks/stripe",
                HttpHeaders.of("Host", "127.0.0.1:8123", "Content-Type", "application/json", "Stripe-Signature", "t=1700000000,v1=5257a869e7",
                        "User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"),
                Exchanges.body(stripeBody), 200, HttpHeaders.of("Content-Type", "application/json", "Date", "Sat, 21 Nov 2026 10:15:30 GMT"),
                Exchanges.body("{\"received\":true,\"handler\":\"stripe\",\"n\":1}")));
        tunnels.exchange(key, Exchanges.exchange("GET", "/api/orders?status=open&page=2",
                HttpHeaders.of("Host", "127.0.0.1:8123", "Accept", "application/json", "Cookie", "session=abc123; theme=dark"),
                CapturedBody.EMPTY, 200, HttpHeaders.of("Content-Type", "application/json", "Set-Cookie", "session=abc123; Path=/; HttpOnly"),
                Exchanges.body("[{\"id\":17,\"total\":42.50,\"items\":[\"tea\",\"cups\"],\"paid\":true},{\"id\":18,\"total\":9.99,\"items\":[],\"paid\":false,\"note\":null}]")));
        tunnels.exchange(key, Exchanges.exchange("POST", "/login",
                HttpHeaders.of("Content-Type", "application/x-www-form-urlencoded"), Exchanges.body("user=ada&remember=on&next=%2Fhome"),
                302, HttpHeaders.of("Location", "/home"), CapturedBody.EMPTY));
        byte[] png = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        tunnels.exchange(key, Exchanges.exchange("GET", "/favicon.png", HttpHeaders.EMPTY, CapturedBody.EMPTY, 200,
                HttpHeaders.of("Content-Type", "image/png"), new CapturedBody(png, png.length)));
        tunnels.exchange(key, Exchanges.exchange("GET", "/feed.xml", HttpHeaders.EMPTY, CapturedBody.EMPTY, 404,
                HttpHeaders.of("Content-Type", "application/xml"), Exchanges.body("<error><code>404</code><message>No feed here</message></error>")));
        Exchange failed = Exchanges.exchange("PUT", "/api/orders/17", HttpHeaders.of("Content-Type", "application/json"),
                Exchanges.body("{\"paid\":true}"), 502, HttpHeaders.of("Content-Type", "text/plain"),
                Exchanges.body("Nothing is listening on localhost:8080."));
        tunnels.exchange(key, new Exchange(failed.id(), failed.tunnelId(), failed.request(), failed.response(), failed.timings(),
                "Nothing is listening on localhost:8080. Start your server there.", null));
        assertThat(new String(png, 0, 4, StandardCharsets.ISO_8859_1)).endsWith("PNG");
    }
}
