package dev.porthole.desktop.inspect;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.replay.DiffView;
import dev.porthole.desktop.replay.ResponseDiff;
import dev.porthole.desktop.window.Icons;
import dev.porthole.protocol.Header;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.function.Function;

/** Request and response side by side, with the actions on the selected entry. */
public final class InspectorView extends StackPane {
    private final InspectorViewModel model;
    private final TabPane requestTabs = tabs("request-tabs");
    private final TabPane responseTabs = tabs("response-tabs");
    private final Label requestSize = new Label();
    private final Label responseSize = new Label();
    private final Label status = new Label();
    private final Label problem = new Label();
    private final HBox replayBar;

    public InspectorView(InspectorViewModel model, Runnable editAndReplay, Runnable exportSelected) {
        this.model = model;
        setId("inspector");
        Label title = new Label();
        title.getStyleClass().add("inspector-title");
        title.textProperty().bind(model.titleProperty());
        title.setMinWidth(0);
        Label timing = new Label();
        timing.getStyleClass().add("inspector-timing");
        timing.textProperty().bind(model.timingProperty());
        Label rules = new Label();
        rules.setId("policy-note");
        rules.getStyleClass().add("inspector-timing");
        rules.textProperty().bind(model.policyProperty());
        rules.visibleProperty().bind(model.policyProperty().isNotEmpty());
        rules.managedProperty().bind(rules.visibleProperty());
        rules.setMinWidth(0);
        VBox titles = new VBox(3, new HBox(8, status, title), timing, rules);
        ((HBox) titles.getChildren().getFirst()).setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(titles, Priority.ALWAYS);
        titles.setMinWidth(0);

        Button replay = Icons.button("Replay", Feather.REPEAT, Styles.ACCENT);
        replay.setId("replay");
        replay.setTooltip(new Tooltip("Send this request again, unchanged (Ctrl+R)"));
        replay.setOnAction(e -> model.replayAsIs());
        Button edit = Icons.button("Edit and replay", Feather.EDIT_3);
        edit.setId("edit-replay");
        edit.setTooltip(new Tooltip("Change method, path, headers or body, then send (Ctrl+E)"));
        edit.setOnAction(e -> editAndReplay.run());
        Button curl = Icons.iconButton(Feather.TERMINAL, "Copy as curl (Ctrl+Shift+C)");
        curl.setId("copy-curl");
        curl.setOnAction(e -> model.copyAsCurl());
        Button har = Icons.iconButton(Feather.DOWNLOAD, "Export as HAR");
        har.setOnAction(e -> exportSelected.run());
        HBox header = new HBox(titles, new Spacer(), replay, edit, curl, har);
        header.getStyleClass().add("inspector-header");
        har.setId("export-har");
        har.setMinWidth(Region.USE_PREF_SIZE);
        curl.setMinWidth(Region.USE_PREF_SIZE);
        Icons.iconsOnlyBelow(header, 760, replay, edit);

        Hyperlink showOriginal = new Hyperlink("Show the original");
        showOriginal.setOnAction(e -> model.showOriginal());
        Label note = new Label();
        note.textProperty().bind(model.replayNoteProperty());
        replayBar = new HBox(8, Icons.icon(Feather.REPEAT), note, showOriginal);
        replayBar.getStyleClass().addAll("notice", "info");
        replayBar.setAlignment(Pos.CENTER_LEFT);
        replayBar.visibleProperty().bind(model.replayNoteProperty().isNotEmpty());
        replayBar.managedProperty().bind(replayBar.visibleProperty());

        problem.getStyleClass().addAll("notice", "danger");
        problem.setWrapText(true);
        problem.setMaxWidth(Double.MAX_VALUE);
        problem.textProperty().bind(model.problemProperty());
        problem.visibleProperty().bind(model.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        problem.setGraphic(Icons.icon(Feather.ALERT_TRIANGLE));

        Label replayProblemText = new Label();
        replayProblemText.setId("replay-problem");
        replayProblemText.setWrapText(true);
        replayProblemText.setMinWidth(0);
        replayProblemText.textProperty().bind(model.replayProblemProperty());
        HBox.setHgrow(replayProblemText, Priority.ALWAYS);
        Hyperlink editInstead = new Hyperlink("Edit and replay…");
        editInstead.setId("replay-problem-edit");
        editInstead.setMinWidth(Region.USE_PREF_SIZE);
        editInstead.setOnAction(e -> editAndReplay.run());
        editInstead.visibleProperty().bind(model.replayProblemOffersEditProperty());
        editInstead.managedProperty().bind(editInstead.visibleProperty());
        HBox replayProblem = new HBox(8, Icons.icon(Feather.ALERT_TRIANGLE), replayProblemText, editInstead);
        replayProblem.getStyleClass().addAll("notice", "warning");
        replayProblem.setAlignment(Pos.CENTER_LEFT);
        replayProblem.visibleProperty().bind(model.replayProblemProperty().isNotEmpty());
        replayProblem.managedProperty().bind(replayProblem.visibleProperty());
        replay.disableProperty().bind(model.replayingProperty());

        SplitPane sides = new SplitPane(side("REQUEST", requestSize, requestTabs), side("RESPONSE", responseSize, responseTabs));
        sides.setDividerPositions(0.5);
        VBox.setVgrow(sides, Priority.ALWAYS);

        VBox content = new VBox(header, replayBar, replayProblem, problem, sides);
        content.getStyleClass().add("inspector");
        content.visibleProperty().bind(model.entryProperty().isNotNull());

        getChildren().addAll(emptyState(), content);
        model.entryProperty().addListener((o, was, now) -> refreshStatus());
        model.requestProperty().addListener((o, was, now) -> refreshRequest());
        model.responseProperty().addListener((o, was, now) -> refreshResponse());
        refreshStatus();
        refreshRequest();
        refreshResponse();
    }

    private static TabPane tabs(String id) {
        TabPane tabs = new TabPane();
        tabs.setId(id);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add(Styles.DENSE);
        return tabs;
    }

    private Node emptyState() {
        FontIcon icon = Icons.icon(Feather.SEARCH);
        icon.getStyleClass().add("empty-icon");
        Label title = new Label("Select a request to inspect it");
        title.getStyleClass().add("empty-title");
        Label text = new Label("Headers, query, cookies and body, request and response side by side.\n"
                + "Replay it as is, or edit it first; copy it as curl; export it as HAR.");
        text.getStyleClass().add("empty-text");
        VBox box = new VBox(icon, title, text);
        box.getStyleClass().add("empty-state");
        box.visibleProperty().bind(model.entryProperty().isNull());
        return box;
    }

    private static VBox side(String name, Label size, TabPane tabs) {
        Label title = new Label(name);
        title.getStyleClass().add("side-title");
        size.getStyleClass().addAll("side-title");
        HBox bar = new HBox(title, new Spacer(), size);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        return new VBox(bar, tabs);
    }

    /** The title bar follows the entry at once; each side follows its prepared view. */
    private void refreshStatus() {
        LogEntry e = model.entryProperty().get();
        if (e == null || e.exchange().response() == null) {
            status.setText(null);
            status.getStyleClass().setAll("label", "status-chip");
            return;
        }
        int code = e.status();
        status.getStyleClass().setAll("label", "status-chip", "s" + code / 100);
        status.setText(Integer.toString(code));
    }

    private void refreshRequest() {
        MessageView request = model.requestProperty().get();
        String keep = selectedText(requestTabs, "Headers");
        if (request == null) {
            requestSize.setText("");
            requestTabs.getTabs().setAll(waiting());
            return;
        }
        requestSize.setText(request.sizeText());
        BodyViewer.Actions actions = actions(InspectorViewModel.Side.REQUEST);
        requestTabs.getTabs().setAll(
                tab("Headers", () -> headers(request.headers()), request.headers().size()),
                tab("Query", () -> pairs(request.query(), BodyView.FormField::name, BodyView.FormField::value), request.query().size()),
                tab("Cookies", () -> pairs(request.cookies(), Cookies.Cookie::name, Cookies.Cookie::value), request.cookies().size()),
                tab("Body", () -> BodyViewer.of(request.body(), request.bodyText(), actions), -1),
                tab("Raw", () -> BodyViewer.raw(request.raw(), actions), -1));
        select(requestTabs, keep, "Headers");
    }

    private void refreshResponse() {
        MessageView response = model.responseProperty().get();
        String keep = selectedText(responseTabs, "Body");
        if (response == null) {
            responseSize.setText("");
            LogEntry e = model.entryProperty().get();
            boolean none = e != null && e.exchange().response() == null;
            responseTabs.getTabs().setAll(none ? tab("Body", () -> BodyViewer.placeholder("No response was captured."), -1)
                    : waiting());
            return;
        }
        responseSize.setText(response.sizeText());
        BodyViewer.Actions actions = actions(InspectorViewModel.Side.RESPONSE);
        responseTabs.getTabs().setAll(
                tab("Headers", () -> headers(response.headers()), response.headers().size()),
                tab("Cookies", () -> pairs(response.cookies(), Cookies.Cookie::name,
                        c -> c.attributes().isEmpty() ? c.value() : c.value() + "   (" + c.attributes() + ")"), response.cookies().size()),
                tab("Body", () -> BodyViewer.of(response.body(), response.bodyText(), actions), -1),
                tab("Raw", () -> BodyViewer.raw(response.raw(), actions), -1));
        ResponseDiff diff = model.diffProperty().get();
        if (diff != null) {
            Tab diffTab = tab("Diff", () -> new DiffView(diff), -1);
            diffTab.setId("diff-tab");
            diffTab.setGraphic(Icons.icon(Feather.GIT_MERGE, 12));
            responseTabs.getTabs().addFirst(diffTab);
            responseTabs.getSelectionModel().select(diffTab);
        } else {
            select(responseTabs, keep, "Body");
        }
    }

    private BodyViewer.Actions actions(InspectorViewModel.Side side) {
        return new BodyViewer.Actions() {
            public void showAll() {
                model.showAll(side);
            }

            public void save() {
                model.saveBody(side);
            }

            public void open() {
                model.openBody(side);
            }
        };
    }

    private static Tab waiting() {
        Tab tab = new Tab("Body", BodyViewer.placeholder("Preparing…"));
        tab.setId("tab-preparing");
        return tab;
    }

    private static void select(TabPane tabs, String text, String otherwise) {
        tabs.getTabs().stream().filter(t -> t.getText().startsWith(text)).findFirst()
                .or(() -> tabs.getTabs().stream().filter(t -> t.getText().startsWith(otherwise)).findFirst())
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    /** The selected tab's name without its count, e.g. "Headers"; {@code otherwise} while only "Preparing…" is there. */
    private static String selectedText(TabPane tabs, String otherwise) {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t == null || "tab-preparing".equals(t.getId())) {
            return otherwise;
        }
        String text = t.getText();
        int count = text.indexOf(" (");
        return count < 0 ? text : text.substring(0, count);
    }

    /** A tab whose content is built when it is first shown: a side has five, and a person looks at one or two. */
    private static Tab tab(String name, java.util.function.Supplier<Node> content, int count) {
        Tab tab = new Tab(count > 0 ? name + " (" + count + ")" : name);
        tab.setId("tab-" + name.toLowerCase(java.util.Locale.ROOT));
        Runnable build = () -> {
            if (tab.getContent() == null) {
                tab.setContent(content.get());
            }
        };
        tab.selectedProperty().addListener((o, was, now) -> {
            if (now) {
                build.run();
            }
        });
        if (tab.isSelected()) {
            build.run();
        }
        return tab;
    }

    private static Node headers(List<Header> headers) {
        return pairs(headers, Header::name, Header::value);
    }

    private static <T> Node pairs(List<T> rows, Function<T, String> name, Function<T, String> value) {
        if (rows.isEmpty()) {
            return BodyViewer.placeholder("None");
        }
        TableView<T> table = new TableView<>();
        table.getStyleClass().addAll("kv-table", Styles.DENSE, Tweaks.EDGE_TO_EDGE, Styles.STRIPED);
        TableColumn<T, String> n = new TableColumn<>("Name");
        n.setCellValueFactory(f -> new ReadOnlyStringWrapper(name.apply(f.getValue())));
        n.setPrefWidth(170);
        n.setCellFactory(c -> styledCell("kv-name"));
        TableColumn<T, String> v = new TableColumn<>("Value");
        v.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        v.setCellFactory(c -> styledCell("kv-value"));
        table.getColumns().setAll(List.of(n, v));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getItems().setAll(rows);
        MenuItem copyValue = new MenuItem("Copy value");
        copyValue.setOnAction(e -> copy(table.getSelectionModel().getSelectedItem(), value));
        MenuItem copyLine = new MenuItem("Copy as “name: value”");
        copyLine.setOnAction(e -> {
            T row = table.getSelectionModel().getSelectedItem();
            if (row != null) {
                copyText(name.apply(row) + ": " + value.apply(row));
            }
        });
        table.setContextMenu(new ContextMenu(copyValue, copyLine));
        return table;
    }

    private static <T> javafx.scene.control.TableCell<T, String> styledCell(String style) {
        return new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                if (!getStyleClass().contains(style)) {
                    getStyleClass().add(style);
                }
                setTooltip(empty || item == null || item.length() < 60 ? null : new Tooltip(item));
            }
        };
    }

    private static <T> void copy(T row, Function<T, String> value) {
        if (row != null) {
            copyText(value.apply(row));
        }
    }

    private static void copyText(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    public TabPane responseTabs() {
        return responseTabs;
    }

    public TabPane requestTabs() {
        return requestTabs;
    }
}
