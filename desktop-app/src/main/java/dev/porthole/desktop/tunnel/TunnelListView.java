package dev.porthole.desktop.tunnel;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.event.EventBus;
import dev.porthole.desktop.platform.FileDialogs;
import dev.porthole.desktop.window.Icons;
import dev.porthole.desktop.window.Modals;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The Tunnels page. */
public final class TunnelListView extends VBox {
    private final TunnelListViewModel model;
    private final Modals modals;
    private final ListView<TunnelItemViewModel> list;
    private final EventBus bus;
    private final FileDialogs files;

    public TunnelListView(TunnelListViewModel model, Modals modals, EventBus bus, FileDialogs files) {
        this.model = model;
        this.files = files;
        this.modals = modals;
        this.bus = bus;
        getStyleClass().add("page");
        setId("tunnels-page");

        Label title = new Label("Tunnels");
        title.getStyleClass().add("page-title");
        Label subtitle = new Label();
        subtitle.getStyleClass().add("page-subtitle");
        subtitle.textProperty().bind(Bindings.createStringBinding(() -> {
            int n = model.tunnels().size();
            int online = model.onlineCountProperty().get();
            return n == 0 ? "Give a local port a public URL" : n + (n == 1 ? " tunnel" : " tunnels") + " · " + online + " online";
        }, model.tunnels(), model.onlineCountProperty()));
        VBox titles = new VBox(2, title, subtitle);

        Button startAll = Icons.button("Start all", Feather.PLAY);
        startAll.setId("start-all");
        startAll.setOnAction(e -> model.startAll());
        Button stopAll = Icons.button("Stop all", Feather.SQUARE);
        stopAll.setId("stop-all");
        stopAll.setOnAction(e -> model.stopAll());
        startAll.disableProperty().bind(model.emptyBinding());
        stopAll.disableProperty().bind(model.emptyBinding());
        Button add = Icons.button("New tunnel", Feather.PLUS, Styles.ACCENT);
        add.setId("new-tunnel");
        add.setOnAction(e -> newTunnel());
        HBox header = new HBox(titles, new Spacer(), startAll, stopAll, add);
        header.getStyleClass().add("page-header");

        list = new ListView<>(model.tunnels());
        list.setId("tunnel-list");
        list.getStyleClass().addAll("tunnel-list", atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        list.setCellFactory(v -> new TunnelCell(this::backendName, this::edit, this::remove,
                item -> bus.publish(new AppEvent.ShowRequests(item.config().key()))));
        list.setOnKeyPressed(e -> {
            TunnelItemViewModel item = list.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.F2 && e.getTarget() instanceof javafx.scene.Node target) {
                // from a button of a row (where Tab lands), the row it is on
                for (javafx.scene.Node n = target; n != null && n != list; n = n.getParent()) {
                    if (n instanceof TunnelCell cell && cell.getItem() != null) {
                        item = cell.getItem();
                        break;
                    }
                }
            }
            if (item == null) {
                return;
            }
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                item.toggle();
                e.consume();
            } else if (e.getCode() == KeyCode.F2) {
                // the keyboard's way to the dialog (its rules above all), as the row's menu is the mouse's
                edit(item);
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE) {
                remove(item);
                e.consume();
            }
        });

        VBox empty = emptyState();
        empty.visibleProperty().bind(model.emptyBinding());
        list.visibleProperty().bind(model.emptyBinding().not());
        StackPane body = new StackPane(list, empty);
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(header, body);
    }

    private VBox emptyState() {
        FontIcon icon = Icons.icon(Feather.SHUFFLE);
        icon.getStyleClass().add("empty-icon");
        Label title = new Label("No tunnels yet");
        title.getStyleClass().add("empty-title");
        Label text = new Label("A tunnel gives a port on this computer a public URL.\n"
                + "Every request that comes through shows up live under Requests.");
        text.getStyleClass().add("empty-text");
        text.setWrapText(true);
        Button add = Icons.button("Create your first tunnel", Feather.PLUS, Styles.ACCENT, Styles.LARGE);
        add.setId("empty-new-tunnel");
        add.setOnAction(e -> newTunnel());
        VBox box = new VBox(icon, title, text, add);
        box.getStyleClass().add("empty-state");
        box.setAlignment(Pos.CENTER);
        return box;
    }

    public void newTunnel() {
        modals.show(new TunnelEditorView(model.newTunnel(), files, modals::close), TunnelEditorView.WIDTH);
    }

    private void edit(TunnelItemViewModel item) {
        modals.show(new TunnelEditorView(model.edit(item), files, modals::close), TunnelEditorView.WIDTH);
    }

    /**
     * Deletes at once and offers Undo, rather than asking first: the selection is cleared, so a second Delete does
     * not take the next tunnel too.
     */
    private void remove(TunnelItemViewModel item) {
        model.remove(item);
        list.getSelectionModel().clearSelection();
        bus.publish(AppEvent.Notify.info("Deleted the tunnel “" + item.config().name() + "”.")
                .withAction("Undo", () -> {
                    if (model.undoRemove()) {
                        list.getSelectionModel().select(item);
                        list.requestFocus();
                    }
                }));
    }

    private String backendName(String id) {
        return model.backends().stream().filter(b -> b.id().equals(id)).map(Object::toString).findFirst()
                .orElse("a removed backend");
    }

    public ListView<TunnelItemViewModel> list() {
        return list;
    }
}
