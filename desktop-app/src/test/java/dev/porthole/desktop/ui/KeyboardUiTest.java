package dev.porthole.desktop.ui;

import dev.porthole.desktop.Services;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.desktop.testing.ScriptedDeployments;
import dev.porthole.desktop.testing.ScriptedLocalBackend;
import dev.porthole.desktop.testing.ScriptedTunnelService;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
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

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.porthole.desktop.ui.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** A request can be found, picked and acted on without the mouse; a tunnel deleted by mistake comes back. */
@ExtendWith(ApplicationExtension.class)
class KeyboardUiTest {
    @TempDir
    static Path configDir;
    UiTestSupport app;

    @Start
    void start(Stage stage) {
        Services services = new Services(new ScriptedLocalBackend(), new ScriptedDeployments(), d -> new ScriptedTunnelService(),
                (host, port) -> CompletableFuture.completedFuture(true), Clock.systemUTC());
        app = new UiTestSupport(stage, configDir.resolve("keys-" + System.nanoTime()), services);
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> app.context.close()).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private Node focused() {
        return app.scene.getFocusOwner();
    }

    private String focusedId() {
        for (Node n = focused(); n != null; n = n.getParent()) {
            if (n.getId() != null) {
                return n.getId();
            }
        }
        return null;
    }

    @Test
    void requests_are_picked_filtered_and_acted_on_from_the_keyboard(FxRobot robot) {
        List<LogEntry> entries = List.of(Exchanges.entry("GET", "/a", 200), Exchanges.entry("POST", "/hooks/b", 201),
                Exchanges.entry("GET", "/c", 404));
        robot.interact(() -> {
            entries.forEach(app.context.log()::submit);
            app.context.log().flushAll();
        });

        robot.press(KeyCode.CONTROL).press(KeyCode.DIGIT2).release(KeyCode.DIGIT2).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#log-table").queryAs(TableView.class);
        assertThat(focused()).as("Ctrl+2 puts the keyboard in the request table").isSameAs(table);
        assertThat(app.context.log().selectedProperty().get()).as("newest first").isEqualTo(entries.get(2));
        waitUntil(() -> app.context.inspector().entryProperty().get() == entries.get(2));

        robot.type(KeyCode.DOWN);
        assertThat(app.context.log().selectedProperty().get()).isEqualTo(entries.get(1));
        waitUntil(() -> app.context.inspector().entryProperty().get() == entries.get(1));
        robot.type(KeyCode.UP);
        assertThat(app.context.log().selectedProperty().get()).isEqualTo(entries.get(2));

        robot.press(KeyCode.CONTROL).press(KeyCode.F).release(KeyCode.F).release(KeyCode.CONTROL);
        assertThat(focusedId()).isEqualTo("log-filter");
        robot.write("hooks");
        assertThat(app.context.log().visibleEntries()).containsExactly(entries.get(1));
        robot.type(KeyCode.ESCAPE);
        assertThat(app.context.log().filterTextProperty().get()).as("Escape clears the filter").isEmpty();
        assertThat(app.context.log().visibleEntries()).hasSize(3);
        robot.type(KeyCode.DOWN);
        assertThat(focused()).as("Down in the filter goes to the requests").isSameAs(table);

        // Tab from the filter reaches every control of the page, with a ring that shows where it is
        robot.press(KeyCode.CONTROL).press(KeyCode.F).release(KeyCode.F).release(KeyCode.CONTROL);
        List<String> reached = new ArrayList<>();
        List<String> withoutRing = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            robot.type(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
            String id = focusedId();
            reached.add(id);
            Node n = focused();
            if (n instanceof javafx.scene.control.ButtonBase b && b.getStyleClass().contains("flat") && !ringed(b)) {
                withoutRing.add(id);
            }
            if ("copy-curl".equals(id)) {
                app.screenshot(robot, "42-keyboard-focus-ring");
            }
        }
        assertThat(reached).contains("method-filter", "status-filter", "tunnel-filter", "pause", "clear-log", "har-menu",
                "log-table", "replay", "edit-replay", "copy-curl", "export-har");
        assertThat(withoutRing).as("flat buttons show where the keyboard is").isEmpty();
    }

    /** A border a person can see: not transparent. */
    private static boolean ringed(javafx.scene.layout.Region r) {
        return r.getBorder() != null && r.getBorder().getStrokes().stream()
                .anyMatch(s -> s.getTopStroke() instanceof javafx.scene.paint.Color c && c.getOpacity() > 0.5 && s.getWidths().getTop() >= 1);
    }

    @Test
    void delete_on_a_tunnel_offers_undo_and_a_second_delete_takes_nothing_more(FxRobot robot) {
        robot.interact(() -> {
            for (String name : List.of("First", "Second", "Third")) {
                var editor = app.context.tunnels().newTunnel();
                editor.nameProperty().set(name);
                editor.portProperty().set("3000");
                editor.startNowProperty().set(false);
                editor.save();
            }
        });
        ListView<?> list = robot.lookup("#tunnel-list").queryAs(ListView.class);
        robot.interact(() -> {
            list.requestFocus();
            list.getSelectionModel().select(1);
        });
        robot.type(KeyCode.DELETE);
        assertThat(app.context.tunnels().tunnels()).extracting(t -> t.config().name()).containsExactly("First", "Third");
        assertThat(list.getSelectionModel().isEmpty()).as("the selection does not jump to the next tunnel").isTrue();
        robot.type(KeyCode.DELETE);
        assertThat(app.context.tunnels().tunnels()).as("a second Delete takes nothing").hasSize(2);
        app.screenshot(robot, "43-tunnel-deleted-undo");

        robot.clickOn("#toast-action");
        assertThat(app.context.tunnels().tunnels()).extracting(t -> t.config().name()).containsExactly("First", "Second", "Third");
    }
}
