package dev.porthole.desktop.log;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.porthole.desktop.inspect.InspectorViewModel;
import dev.porthole.desktop.inspect.Sizes;
import dev.porthole.desktop.tunnel.TunnelItemViewModel;
import dev.porthole.desktop.window.Icons;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The Requests page: filters, the live table, and the inspector under it. */
public final class RequestLogView extends VBox {
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    private final RequestLogViewModel model;
    private final TableView<LogEntry> table = new TableView<>();
    private final CustomTextField search = new CustomTextField();

    public interface Actions {
        void exportHar(List<LogEntry> entries, String what);

        void importHar();

        void editAndReplay();
    }

    public RequestLogView(RequestLogViewModel model, javafx.scene.Node inspectorView,
                          ObservableList<TunnelItemViewModel> tunnels, ZoneId zone, Actions actions) {
        this.model = model;
        getStyleClass().add("page");
        setId("requests-page");

        Label title = new Label("Requests");
        title.getStyleClass().add("page-title");
        Label counts = new Label();
        counts.getStyleClass().add("page-subtitle");
        counts.textProperty().bind(Bindings.createStringBinding(() -> {
            int total = model.totalCountProperty().get();
            int shown = model.visibleEntries().size();
            return total == 0 ? "Live traffic through your tunnels"
                    : String.format("%,d shown of %,d kept", shown, total);
        }, model.totalCountProperty(), model.visibleEntries()));

        search.setPromptText("Filter requests (Ctrl+F)");
        search.setTooltip(new Tooltip("Matches path, method, status, tunnel name and errors"));
        search.setId("log-filter");
        search.setLeft(Icons.icon(Feather.SEARCH));
        Button clearSearch = Icons.iconButton(Feather.X, "Clear the filter");
        clearSearch.setOnAction(e -> search.clear());
        clearSearch.visibleProperty().bind(search.textProperty().isNotEmpty());
        search.setRight(clearSearch);
        search.textProperty().bindBidirectional(model.filterTextProperty());
        search.setPrefWidth(260);
        search.setMinWidth(120);
        HBox.setHgrow(search, Priority.ALWAYS);
        // keyboard: Down goes to the requests, Escape clears the filter
        search.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.DOWN) {
                focusTable();
                e.consume();
            } else if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                e.consume();
            }
        });

        ComboBox<String> method = new ComboBox<>();
        method.setId("method-filter");
        method.getItems().add(null);
        method.getItems().addAll(METHODS);
        method.setConverter(converter(m -> m == null ? "All methods" : m));
        method.valueProperty().bindBidirectional(model.methodProperty());
        method.setButtonCell(new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(item == null ? "All methods" : item);
            }
        });

        ComboBox<StatusClass> status = new ComboBox<>();
        status.setId("status-filter");
        status.getItems().addAll(StatusClass.values());
        status.valueProperty().bindBidirectional(model.statusClassProperty());

        ComboBox<String> tunnel = new ComboBox<>();
        tunnel.setId("tunnel-filter");
        Runnable fillTunnels = () -> {
            String current = model.tunnelKeyProperty().get();
            tunnel.getItems().setAll((String) null);
            tunnels.forEach(t -> tunnel.getItems().add(t.config().key()));
            tunnel.setValue(current);
        };
        fillTunnels.run();
        tunnels.addListener((ListChangeListener<TunnelItemViewModel>) c -> fillTunnels.run());
        StringConverter<String> tunnelNames = converter(key -> key == null ? "All tunnels"
                : tunnels.stream().filter(t -> t.config().key().equals(key)).map(t -> t.config().name()).findFirst()
                .orElse("Deleted tunnel"));
        tunnel.setConverter(tunnelNames);
        tunnel.setButtonCell(new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? "" : tunnelNames.toString(item));
            }
        });
        tunnel.valueProperty().bindBidirectional(model.tunnelKeyProperty());

        ToggleButton pause = new ToggleButton("Pause", Icons.icon(Feather.PAUSE));
        pause.setId("pause");
        pause.selectedProperty().bindBidirectional(model.pausedProperty());
        pause.textProperty().bind(Bindings.when(pause.selectedProperty()).then("Resume").otherwise("Pause"));
        pause.setTooltip(new Tooltip("Stop the list from moving while you look; new requests are kept (Ctrl+P)"));

        Button clear = Icons.button("Clear", Feather.TRASH_2);
        clear.setId("clear-log");
        clear.setTooltip(new Tooltip("Remove every request from the log and from disk"));
        clear.setOnAction(e -> model.clear());

        MenuItem exportSelected = new MenuItem("Selected requests…");
        exportSelected.setOnAction(e -> actions.exportHar(List.copyOf(table.getSelectionModel().getSelectedItems()), "selected"));
        exportSelected.disableProperty().bind(Bindings.isEmpty(table.getSelectionModel().getSelectedItems()));
        MenuItem exportShown = new MenuItem("Requests shown…");
        exportShown.setOnAction(e -> actions.exportHar(List.copyOf(table.getItems()), "shown"));
        MenuItem exportAll = new MenuItem("All requests…");
        exportAll.setOnAction(e -> actions.exportHar(List.copyOf(model.entries()), "all"));
        MenuItem importHar = new MenuItem("Import HAR file…", Icons.icon(Feather.UPLOAD));
        importHar.setOnAction(e -> actions.importHar());
        MenuButton export = new MenuButton("HAR", Icons.icon(Feather.DOWNLOAD), exportSelected, exportShown, exportAll,
                new javafx.scene.control.SeparatorMenuItem(), importHar);
        export.setId("har-menu");

        method.setPrefWidth(130);
        status.setPrefWidth(150);
        tunnel.setPrefWidth(150);
        method.setMinWidth(90);
        status.setMinWidth(100);
        tunnel.setMinWidth(100);
        clear.setAccessibleText("Clear the log");
        export.setAccessibleText("HAR export and import");
        export.setTooltip(new Tooltip("Export requests as HAR 1.2, or import a HAR file"));
        HBox toolbar = new HBox(search, method, status, tunnel, pause, clear, export);
        toolbar.getStyleClass().add("log-toolbar");
        // a small window keeps every control: the filters shrink, and the buttons keep only their icons
        Icons.iconsOnlyBelow(toolbar, 880, pause, clear, export);
        clear.setTooltip(new Tooltip("Remove every request from the log and from disk"));

        Label paused = new Label();
        paused.getStyleClass().add("paused-banner");
        paused.textProperty().bind(Bindings.createStringBinding(() -> {
            int held = model.heldCountProperty().get();
            return "Paused: " + (held == 0 ? "no new requests yet" : String.format("%,d new request%s waiting", held, held == 1 ? "" : "s"))
                    + ". Resume to see them.";
        }, model.heldCountProperty()));
        paused.visibleProperty().bind(model.pausedProperty());
        paused.managedProperty().bind(model.pausedProperty());

        HBox header = new HBox(new VBox(2, title, counts), new Spacer(), paused);
        header.getStyleClass().add("page-header");

        buildTable(zone, tunnels);
        StackPane tableBox = new StackPane(table, emptyState());
        SplitPane split = new SplitPane(tableBox, inspectorView);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.36);
        SplitPane.setResizableWithParent(tableBox, false);
        VBox.setVgrow(split, Priority.ALWAYS);

        // the table shows the model's selection; what follows from it (the inspector) is wired between the view models
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> model.selectedProperty().set(now));
        model.selectedProperty().addListener((o, was, now) -> {
            if (now != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().clearSelection();
                if (now != null) {
                    table.getSelectionModel().select(now);
                    int row = table.getItems().indexOf(now);
                    if (row >= 0) {
                        table.scrollTo(Math.max(0, row - 2));
                    }
                }
            }
        });
        getChildren().addAll(header, toolbar, split);
    }

    private StackPane emptyState() {
        FontIcon icon = Icons.icon(Feather.ACTIVITY);
        icon.getStyleClass().add("empty-icon");
        Label title = new Label("Waiting for requests");
        title.getStyleClass().add("empty-title");
        Label text = new Label();
        text.getStyleClass().add("empty-text");
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(() -> model.totalCountProperty().get() > 0
                        ? "No request matches the filter." : "Start a tunnel and open its public URL:\nevery request shows up here as it happens.",
                model.totalCountProperty()));
        title.textProperty().bind(Bindings.when(model.totalCountProperty().greaterThan(0))
                .then("Nothing matches").otherwise("Waiting for requests"));
        VBox box = new VBox(icon, title, text);
        box.getStyleClass().add("empty-state");
        StackPane pane = new StackPane(box);
        pane.setMouseTransparent(true);
        pane.visibleProperty().bind(Bindings.isEmpty(table.getItems()));
        return pane;
    }

    private void buildTable(ZoneId zone, ObservableList<TunnelItemViewModel> tunnels) {
        table.setId("log-table");
        table.getStyleClass().addAll("log-table", Styles.DENSE, Tweaks.EDGE_TO_EDGE, Styles.STRIPED);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        // the path takes what room there is; the other columns shrink to their minimum before anything scrolls sideways
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label(""));
        table.setFocusTraversable(true);

        TableColumn<LogEntry, LogEntry> time = column("Time", 110, e -> e);
        time.setComparator(Comparator.comparingLong(LogEntry::id));
        time.setCellFactory(c -> {
            FontIcon replayed = mark(Feather.REPEAT);
            FontIcon kept = mark(Feather.INBOX); // sent while the tunnel was offline, delivered later
            TableCell<LogEntry, LogEntry> cell = cell((self, e) -> {
                self.setText(TIME.format(e.time().atZone(zone)));
                self.setGraphic(e.isReplay() ? replayed : e.exchange().request().caught() ? kept : null);
            });
            cell.setContentDisplay(ContentDisplay.RIGHT);
            return cell;
        });
        TableColumn<LogEntry, String> method = column("Method", 78, LogEntry::method);
        method.setCellFactory(c -> {
            TableCell<LogEntry, String> cell = cell((self, m) -> {
                self.setText(m);
                String kind = m.toLowerCase(Locale.ROOT);
                if (!self.getStyleClass().contains(kind)) {
                    self.getStyleClass().removeAll("get", "post", "put", "patch", "delete", "head", "options");
                    self.getStyleClass().add(kind);
                }
            });
            cell.getStyleClass().add("method-badge");
            return cell;
        });
        TableColumn<LogEntry, String> path = column("Path", 360, LogEntry::target);
        path.setCellFactory(c -> {
            TableCell<LogEntry, String> cell = cell(TableCell::setText);
            cell.getStyleClass().add("mono");
            return cell;
        });
        TableColumn<LogEntry, Integer> status = column("Status", 76, LogEntry::status);
        status.setCellFactory(c -> {
            Label chip = new Label();
            return cell((cell, s) -> {
                chip.setText(s == 0 ? "—" : Integer.toString(s));
                String statusClass = "s" + (s / 100);
                if (!chip.getStyleClass().contains(statusClass)) {
                    // changing style classes re-runs CSS: only when the class really changes
                    chip.getStyleClass().setAll("label", "status-chip", statusClass);
                }
                cell.setGraphic(chip);
                cell.setText(null);
            });
        });
        TableColumn<LogEntry, Duration> duration = column("Duration", 90, LogEntry::duration);
        duration.setCellFactory(c -> cell((cell, d) -> cell.setText(InspectorViewModel.ms(d))));
        duration.setStyle("-fx-alignment: center-right;");
        TableColumn<LogEntry, Long> size = column("Size", 80, LogEntry::responseSize);
        size.setCellFactory(c -> cell((cell, s) -> cell.setText(Sizes.format(s))));
        size.setStyle("-fx-alignment: center-right;");
        TableColumn<LogEntry, String> tunnel = column("Tunnel", 130, LogEntry::tunnelName);
        tunnel.setCellFactory(c -> cell((cell, t) -> cell.setText(t)));
        time.setMinWidth(92);
        time.setMaxWidth(140);
        method.setMinWidth(64);
        method.setMaxWidth(100);
        path.setMinWidth(120);
        status.setMinWidth(60);
        status.setMaxWidth(90);
        duration.setMinWidth(66);
        duration.setMaxWidth(110);
        size.setMinWidth(60);
        size.setMaxWidth(100);
        tunnel.setMinWidth(80);
        tunnel.setMaxWidth(220);
        table.getColumns().setAll(List.of(time, method, path, status, duration, size, tunnel));

        SortedList<LogEntry> sorted = new SortedList<>(model.visibleEntries());
        // No column sort: the log's own order, newest first, passed through unsorted (cheap during bursts).
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
    }

    private static FontIcon mark(Feather which) {
        FontIcon icon = Icons.icon(which, 12);
        icon.getStyleClass().add("log-mark");
        return icon;
    }

    private static <T> TableColumn<LogEntry, T> column(String name, double width, Function<LogEntry, T> value) {
        TableColumn<LogEntry, T> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new javafx.beans.property.ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        return c;
    }

    private static <T> TableCell<LogEntry, T> cell(java.util.function.BiConsumer<TableCell<LogEntry, T>, T> paint) {
        return new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                } else {
                    paint.accept(this, item);
                }
            }
        };
    }

    private static <T> StringConverter<T> converter(Function<T, String> toString) {
        return new StringConverter<>() {
            @Override
            public String toString(T object) {
                return toString.apply(object);
            }

            @Override
            public T fromString(String string) {
                throw new UnsupportedOperationException();
            }
        };
    }

    public TableView<LogEntry> table() {
        return table;
    }

    /** Puts the keyboard in the table (Ctrl+2, Down in the filter): the selected row, else the first one. */
    public void focusTable() {
        table.requestFocus();
        javafx.scene.Scene scene = getScene();
        if (scene != null && scene.getFocusOwner() != table) {
            // the page was only just put on screen: its split pane puts the table in the scene when it is first laid out
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                scene.removePostLayoutPulseListener(once[0]);
                table.requestFocus();
            };
            scene.addPostLayoutPulseListener(once[0]);
            javafx.application.Platform.requestNextPulse();
        }
        if (table.getSelectionModel().isEmpty() && !table.getItems().isEmpty()) {
            table.getSelectionModel().select(0);
        }
        int row = table.getSelectionModel().getSelectedIndex();
        if (row >= 0) {
            table.getFocusModel().focus(row);
            table.scrollTo(Math.max(0, row - 2));
        }
    }

    public void focusFilter() {
        search.requestFocus();
        search.selectAll();
    }
}
