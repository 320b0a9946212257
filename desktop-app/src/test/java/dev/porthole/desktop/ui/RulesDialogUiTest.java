package dev.porthole.desktop.ui;

import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.desktop.Services;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.protocol.HttpHeaders;
import javafx.scene.control.ComboBox;
import dev.porthole.desktop.testing.ScriptedDeployments;
import dev.porthole.desktop.testing.ScriptedLocalBackend;
import dev.porthole.desktop.testing.ScriptedTunnelService;
import dev.porthole.desktop.tunnel.TunnelConfig;
import dev.porthole.desktop.tunnel.TunnelItemViewModel;
import dev.porthole.policy.FixedResponse;
import dev.porthole.policy.RestrictIps;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.porthole.desktop.ui.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Rules section of the tunnel dialog at the smallest window (900×600): a rule added with the mouse, another with
 * the keyboard only, the live check following them, the tunnel started with them, the row's badge, and an edit of a
 * running tunnel's rules that says it reconnects and does.
 */
@ExtendWith(ApplicationExtension.class)
class RulesDialogUiTest {
    @TempDir
    static Path configDir;
    final ScriptedTunnelService tunnels = new ScriptedTunnelService();
    UiTestSupport app;
    Stage stage;
    Path dir;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Services services = new Services(new ScriptedLocalBackend(), new ScriptedDeployments(), d -> tunnels,
                (host, port) -> CompletableFuture.completedFuture(true), Clock.systemUTC());
        dir = configDir.resolve("rules-" + System.nanoTime());
        app = new UiTestSupport(stage, dir, services);
        stage.setWidth(900);
        stage.setHeight(600);
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> app.context.close()).get(30, TimeUnit.SECONDS);
    }

    @Test
    void rules_added_by_mouse_and_keyboard_are_checked_live_saved_started_with_and_edited(FxRobot robot) throws Exception {
        robot.clickOn("#empty-new-tunnel");
        robot.clickOn("#tunnel-port").write("3000");

        // with the mouse: an IP rule, first with a range the library refuses
        click(robot, "#rules-add");
        robot.clickOn("IP addresses");
        assertThat(focused(robot)).as("the form's first field has the focus").isEqualTo("rule-allow");
        click(robot, "#rule-deny");
        robot.write("198.51.100.7/24");
        waitUntil(() -> shown(robot, "#rule-error"));
        assertThat(text(robot, "#rule-error")).isEqualTo("\"198.51.100.7/24\" has bits set after the /24 prefix; did you mean 198.51.100.0/24?");
        robot.interact(() -> robot.lookup("#rule-deny").queryTextInputControl().setText("198.51.100.0/24"));
        assertThat(shown(robot, "#rule-error")).isFalse();

        // the live check already runs the open form's rule
        robot.interact(() -> robot.lookup("#check-ip").queryTextInputControl().setText("198.51.100.20"));
        assertThat(text(robot, "#check-verdict")).startsWith("This request would be refused by rule 1 (restrict-ips)");
        app.screenshot(robot, "rules-dialog-ip-form-900x600");
        click(robot, "#rule-apply");
        assertThat(text(robot, "#rule-summary-0")).isEqualTo("IP addresses: deny 198.51.100.0/24");

        // with the keyboard only: a fixed response for /robots.txt, the path reached by Tab
        assertThat(focused(robot)).as("after adding, the focus is back on Add rule").isEqualTo("rules-add");
        robot.type(KeyCode.SPACE);
        waitUntil(() -> robot.lookup("Fixed response").tryQuery().map(Node::isVisible).orElse(false));
        for (int i = 0; i < 6; i++) {
            robot.type(KeyCode.DOWN);
        }
        robot.type(KeyCode.ENTER);
        waitUntil(() -> shown(robot, "#rule-status"));
        assertThat(focused(robot)).isEqualTo("rule-status");
        robot.type(KeyCode.TAB).type(KeyCode.TAB).type(KeyCode.TAB).type(KeyCode.TAB);
        assertThat(focused(robot)).as("Tab leaves the text areas and reaches the path").isEqualTo("rule-path");
        robot.write("/robots.txt");
        robot.type(KeyCode.ENTER);
        assertThat(text(robot, "#rule-summary-1")).isEqualTo("Fixed response: /robots.txt → 200");
        assertThat(robot.lookup("#tunnel-editor").tryQuery()).as("Enter added the rule, it did not save the dialog").isPresent();

        robot.interact(() -> {
            robot.lookup("#check-ip").queryTextInputControl().setText("203.0.113.9");
            robot.lookup("#check-method").queryTextInputControl().setText("GET");
            robot.lookup("#check-path").queryTextInputControl().setText("/robots.txt");
        });
        assertThat(text(robot, "#check-verdict")).isEqualTo("This request would be answered by rule 2 (fixed-response) with 200.");
        // moved above the IP rule: the order decides
        click(robot, "#rule-up-1");
        assertThat(text(robot, "#rule-summary-0")).startsWith("Fixed response");
        robot.interact(() -> robot.lookup("#check-ip").queryTextInputControl().setText("198.51.100.20"));
        assertThat(text(robot, "#check-verdict")).isEqualTo("This request would be answered by rule 1 (fixed-response) with 200.");

        // Escape drops a rule form without closing the dialog
        click(robot, "#rules-add");
        robot.clickOn("Deny");
        waitUntil(() -> shown(robot, "#rule-path"));
        robot.type(KeyCode.ESCAPE);
        assertThat(shown(robot, "#rule-form")).isFalse();
        assertThat(robot.lookup("#tunnel-editor").tryQuery()).isPresent();
        assertThat(robot.lookup("#rule-row-2").tryQuery()).isEmpty();

        // a Stripe signature rule shows how far its timestamp may be from now, and the field can be changed
        click(robot, "#rules-add");
        robot.clickOn("Webhook signature");
        waitUntil(() -> shown(robot, "#rule-provider"));
        assertThat(shown(robot, "#rule-tolerance")).as("GitHub signatures carry no time").isFalse();
        robot.interact(() -> robot.lookup("#rule-provider").<dev.porthole.policy.WebhookProvider>queryComboBox().setValue(
                dev.porthole.policy.WebhookProvider.STRIPE));
        waitUntil(() -> shown(robot, "#rule-tolerance"));
        assertThat(robot.lookup("#rule-tolerance").queryTextInputControl().getText()).isEqualTo("300");
        robot.interact(() -> robot.lookup("#rule-tolerance").query().requestFocus()); // scrolled into view, as by Tab
        app.screenshot(robot, "rules-dialog-webhook-form-900x600");
        robot.interact(() -> app.themes.apply(dev.porthole.desktop.settings.Settings.Theme.DARK));
        app.screenshot(robot, "rules-dialog-webhook-form-900x600-dark");
        robot.interact(() -> app.themes.apply(dev.porthole.desktop.settings.Settings.Theme.LIGHT));
        robot.type(KeyCode.ESCAPE);
        assertThat(shown(robot, "#rule-form")).isFalse();

        noSidewaysScroll(robot);
        app.screenshot(robot, "rules-dialog-900x600");
        click(robot, "#save-tunnel");

        // started with its rules, saved with them, shown on its row
        waitUntil(() -> !tunnels.started.isEmpty());
        TunnelConfig started = tunnels.started.getLast();
        assertThat(started.rules().policy().rules()).hasSize(2);
        assertThat(started.rules().policy().rules().get(0)).isInstanceOf(FixedResponse.class);
        assertThat(started.rules().policy().rules().get(1)).isInstanceOf(RestrictIps.class);
        assertThat(Files.readString(dir.resolve("tunnels.json"))).contains("\"kind\" : \"fixed-response\"");
        TunnelItemViewModel item = app.context.tunnels().tunnels().getFirst();
        tunnels.status(item.config().key(), new TunnelStatus.Online(URI.create("http://127.0.0.1:8123/shop/"), "shop"));
        // a request the tunnel captured, from an address the IP rule denies, for the live check to pick
        tunnels.exchange(item.config().key(), Exchanges.exchange("GET", "/orders?page=2",
                HttpHeaders.of("host", "127.0.0.1:8123", "x-forwarded-for", "198.51.100.20"), CapturedBody.EMPTY,
                200, HttpHeaders.EMPTY, Exchanges.body("[]")));
        waitUntil(() -> app.context.log().entries().size() == 1);
        waitUntil(() -> shown(robot, "#rules-Port-3000"));
        Label badge = robot.lookup("#rules-Port-3000").queryAs(Label.class);
        assertThat(badge.getText()).isEqualTo("2");
        assertThat(badge.getTooltip().getText()).isEqualTo("2 traffic rules, run by the backend in order before anything reaches "
                + "this computer:\n1. Fixed response: /robots.txt → 200\n2. IP addresses: deny 198.51.100.0/24");
        app.screenshot(robot, "rules-badge-900x600");

        // reopened: the rules are there; removing one of a running tunnel says it reconnects, and it does
        robot.clickOn("#more-Port-3000");
        robot.clickOn("Edit…");
        waitUntil(() -> shown(robot, "#rule-summary-1"));
        assertThat(text(robot, "#rule-summary-1")).isEqualTo("IP addresses: deny 198.51.100.0/24");
        assertThat(shown(robot, "#rules-restart-note")).isFalse();
        ComboBox<?> captured = robot.lookup("#check-captured").queryComboBox();
        assertThat(captured.getItems()).hasSize(1);
        robot.interact(() -> captured.getSelectionModel().select(0));
        assertThat(robot.lookup("#check-path").queryTextInputControl().getText()).isEqualTo("/orders?page=2");
        assertThat(text(robot, "#check-verdict")).startsWith("This request would be refused by rule 2 (restrict-ips)");
        click(robot, "#rule-remove-0");
        assertThat(shown(robot, "#rules-restart-note")).isTrue();
        int starts = tunnels.started.size();
        click(robot, "#save-tunnel");
        waitUntil(() -> tunnels.started.size() == starts + 1);
        assertThat(tunnels.started.getLast().rules().policy().rules()).singleElement().isInstanceOf(RestrictIps.class);
        waitUntil(() -> "1".equals(robot.lookup("#rules-Port-3000").queryAs(Label.class).getText()));

        // F2 on the selected tunnel opens its dialog, for the keyboard
        robot.interact(() -> {
            var list = robot.lookup("#tunnel-list").queryListView();
            list.getSelectionModel().select(0);
            list.requestFocus();
        });
        robot.type(KeyCode.F2);
        waitUntil(() -> shown(robot, "#rule-summary-0"));
        assertThat(text(robot, "#rule-summary-0")).isEqualTo("IP addresses: deny 198.51.100.0/24");
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> robot.lookup("#tunnel-editor").tryQuery().isEmpty());

        // and from a button of the row, where Tab lands, with nothing selected
        robot.interact(() -> {
            robot.lookup("#tunnel-list").queryListView().getSelectionModel().clearSelection();
            robot.lookup("#toggle-Port-3000").query().requestFocus();
        });
        robot.type(KeyCode.F2);
        waitUntil(() -> shown(robot, "#rule-summary-0"));
        robot.type(KeyCode.ESCAPE);
    }

    /** Scrolls the dialog to {@code query} as a person would, then clicks it. */
    private void click(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        robot.interact(() -> reveal(node));
        robot.clickOn(node);
    }

    private static void reveal(Node node) {
        for (Node n = node.getParent(); n != null; n = n.getParent()) {
            if (n instanceof ScrollPane scroll && scroll.getContent() != null) {
                Bounds inContent = scroll.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal()));
                double hidden = scroll.getContent().getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
                if (hidden > 0) {
                    double target = inContent.getMinY() - scroll.getViewportBounds().getHeight() / 3;
                    scroll.setVvalue(Math.clamp(target / hidden, 0, 1) * (scroll.getVmax() - scroll.getVmin()) + scroll.getVmin());
                    scroll.layout();
                }
                return;
            }
        }
    }

    private void noSidewaysScroll(FxRobot robot) {
        assertThat(robot.lookup("#modal-pane .scroll-bar").queryAllAs(ScrollBar.class).stream()
                .filter(b -> b.getOrientation() == javafx.geometry.Orientation.HORIZONTAL && b.isVisible()))
                .as("the dialog does not scroll sideways").isEmpty();
        Node save = robot.lookup("#save-tunnel").query();
        robot.interact(() -> reveal(save));
        Bounds b = save.localToScene(save.getBoundsInLocal());
        assertThat(b.getMaxX()).as("Save is inside the window").isLessThanOrEqualTo(app.scene.getWidth());
        Node editor = robot.lookup("#tunnel-editor").query();
        assertThat(editor.localToScene(editor.getBoundsInLocal()).getWidth()).isLessThanOrEqualTo(app.scene.getWidth());
    }

    private String focused(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Node owner = app.scene.getFocusOwner();
        return owner == null ? null : owner.getId();
    }

    private static boolean shown(FxRobot robot, String query) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(query).tryQuery().map(UiTestSupport::shown).orElse(false);
    }

    private static String text(FxRobot robot, String query) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(query).queryAs(Label.class).getText();
    }
}
