package dev.porthole.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.porthole.desktop.window.Icons;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import static dev.porthole.desktop.window.FormLabels.hint;

/** The Settings page. */
public final class SettingsView extends VBox {

    public SettingsView(SettingsViewModel model) {
        getStyleClass().add("page");
        setId("settings-page");
        Label title = new Label("Settings");
        title.getStyleClass().add("page-title");

        ToggleGroup group = new ToggleGroup();
        HBox themes = new HBox(18);
        for (Settings.Theme t : Settings.Theme.values()) {
            RadioButton r = new RadioButton(switch (t) {
                case SYSTEM -> "Follow the system";
                case LIGHT -> "Light";
                case DARK -> "Dark";
            });
            r.setId("theme-" + t.name().toLowerCase(java.util.Locale.ROOT));
            r.setToggleGroup(group);
            r.setSelected(model.themeProperty().get() == t);
            r.selectedProperty().addListener((o, was, now) -> {
                if (now) {
                    model.themeProperty().set(t);
                }
            });
            themes.getChildren().add(r);
        }

        TextField limit = new TextField();
        limit.setId("history-limit");
        limit.setPrefColumnCount(8);
        limit.textProperty().bindBidirectional(model.historyLimitProperty());
        limit.setOnAction(e -> model.applyHistoryLimit());
        Button apply = new Button("Apply");
        apply.setOnAction(e -> model.applyHistoryLimit());
        Button clear = Icons.button("Clear history", Feather.TRASH_2, Styles.DANGER, Styles.FLAT);
        clear.setOnAction(e -> model.clearHistory());
        Label limitError = new Label();
        limitError.getStyleClass().add("form-error");
        limitError.textProperty().bind(model.historyErrorProperty());

        Label files = new Label(model.configDir().toAbsolutePath().toString());
        files.getStyleClass().add("url-label");

        getChildren().addAll(title,
                section("Appearance"), themes,
                section("Request history"),
                hint("The log keeps this many requests, in memory and on disk, so they are still there after a restart. "
                        + "Bodies are kept up to 32 KB each on disk."),
                new HBox(8, limit, apply, clear), limitError,
                section("Files"), hint("Settings, tunnels, backends and history live here (tokens in secrets/, readable by you only):"),
                files,
                section("Keyboard shortcuts"), shortcuts());
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static VBox shortcuts() {
        String[][] rows = {
                {"Ctrl+1 … 4", "Tunnels, Requests, Backends, Settings"},
                {"Ctrl+N", "New tunnel"},
                {"Ctrl+F", "Filter the request log"},
                {"Ctrl+P", "Pause or resume the log"},
                {"Ctrl+R", "Replay the selected request"},
                {"Ctrl+E", "Edit and replay"},
                {"Ctrl+Shift+C", "Copy as curl"},
                {"Ctrl+S", "Export the selected requests as HAR"},
                {"Ctrl+Shift+D", "Switch between light and dark"},
                {"Enter / Delete", "In the tunnel list: start or stop / delete"},
        };
        VBox box = new VBox(4);
        for (String[] row : rows) {
            Label keys = new Label(row[0]);
            keys.getStyleClass().add("mono");
            keys.setMinWidth(130);
            box.getChildren().add(new HBox(12, keys, new Label(row[1])));
        }
        return box;
    }
}
