package dev.porthole.desktop.tunnel;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.porthole.desktop.window.Icons;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.net.URI;
import java.util.function.Consumer;
import java.util.function.Function;

/** One tunnel card: light, name and target, status, public URL with copy/open, counters, start/stop, menu. */
final class TunnelCell extends ListCell<TunnelItemViewModel> {
    private final HBox card = new HBox();
    private final Label detailLine = new Label();
    private final Label localLine = new Label();
    private final VBox cardBox = new VBox(card, detailLine, localLine);
    private final MenuButton more;
    private final Region light = new Region();
    private final Label name = new Label();
    private final Label lock = new Label(null, Icons.icon(Feather.LOCK));
    private final Tooltip lockTip = new Tooltip();
    private final Label keeps = new Label(null, Icons.icon(Feather.INBOX));
    private final Label shield = new Label(null, Icons.icon(Feather.SHIELD));
    private final Tooltip shieldTip = new Tooltip();
    private final Label meta = new Label();
    private final Label status = new Label();
    private final Hyperlink url = new Hyperlink();
    private final Label noUrl = new Label("No public URL while stopped");
    private final HBox urlBox;
    private final Label count = new Label();
    private final Label activity = new Label();
    private final Button toggle = new Button();
    private final Tooltip statusTip = new Tooltip();
    private TunnelItemViewModel bound;
    private final ChangeListener<Object> repaint = (o, a, b) -> paint();
    private final Function<String, String> backendNames;

    TunnelCell(Function<String, String> backendNames, Consumer<TunnelItemViewModel> edit,
               Consumer<TunnelItemViewModel> remove, Consumer<TunnelItemViewModel> showRequests) {
        this.backendNames = backendNames;
        cardBox.getStyleClass().add("tunnel-card");
        card.getStyleClass().add("tunnel-card-row");
        detailLine.getStyleClass().add("tunnel-detail");
        detailLine.setWrapText(true);
        detailLine.setMaxWidth(Double.MAX_VALUE);
        detailLine.setMinWidth(0);
        localLine.getStyleClass().addAll("tunnel-detail", "warning");
        localLine.setWrapText(true);
        localLine.setMaxWidth(Double.MAX_VALUE);
        localLine.setMinWidth(0);
        localLine.setGraphic(Icons.icon(Feather.ALERT_TRIANGLE));
        // the card takes the list's width, never its own: a long error wraps instead of pushing the buttons off-screen
        setPrefWidth(0);
        cardBox.setMinWidth(0);
        light.getStyleClass().add("status-light");
        name.getStyleClass().add("tunnel-name");
        meta.getStyleClass().add("tunnel-meta");
        status.getStyleClass().add("tunnel-status");
        status.setTooltip(statusTip);
        statusTip.setWrapText(true);
        statusTip.setMaxWidth(380);
        lock.getStyleClass().add("tunnel-badge");
        lock.setTooltip(lockTip);
        lockTip.setWrapText(true);
        lockTip.setMaxWidth(380);
        keeps.getStyleClass().add("tunnel-badge");
        Tooltip keepsTip = new Tooltip("Keeps requests while offline: the backend answers 202 and keeps them (up to 1,000, "
                + "for 7 days) until the tunnel is back.");
        keepsTip.setWrapText(true);
        keepsTip.setMaxWidth(380);
        keeps.setTooltip(keepsTip);
        keeps.setAccessibleText("Keeps requests while offline");
        shield.getStyleClass().add("tunnel-badge");
        shield.setTooltip(shieldTip);
        shieldTip.setWrapText(true);
        shieldTip.setMaxWidth(420);
        shield.setMinWidth(Region.USE_PREF_SIZE);
        HBox nameRow = new HBox(6, name, lock, keeps, shield);
        nameRow.setAlignment(Pos.CENTER_LEFT);
        VBox who = new VBox(3, nameRow, meta, status);
        who.setMinWidth(130);
        who.setPrefWidth(240);
        name.setMinWidth(0);
        meta.setMinWidth(0);
        status.setMinWidth(0);

        url.getStyleClass().add("tunnel-url");
        url.setOnAction(e -> bound.openUrl());
        noUrl.getStyleClass().add("tunnel-meta");
        Button copy = Icons.iconButton(Feather.COPY, "Copy the public URL");
        copy.getStyleClass().add(Styles.SMALL);
        copy.setOnAction(e -> bound.copyUrl());
        Button open = Icons.iconButton(Feather.EXTERNAL_LINK, "Open in the browser");
        open.getStyleClass().add(Styles.SMALL);
        open.setOnAction(e -> bound.openUrl());
        urlBox = new HBox(url, new Spacer(), copy, open);
        urlBox.getStyleClass().add("tunnel-url-box");
        copy.visibleProperty().bind(url.visibleProperty());
        open.visibleProperty().bind(url.visibleProperty());
        HBox.setHgrow(urlBox, Priority.ALWAYS);
        urlBox.setMaxWidth(Double.MAX_VALUE);
        // the URL shrinks (with an ellipsis; its copy button copies it whole) before anything leaves the row
        urlBox.setMinWidth(90);
        url.setMinWidth(0);
        noUrl.setMinWidth(0);

        count.getStyleClass().add("stat-value");
        Label countLabel = new Label("requests");
        countLabel.getStyleClass().add("stat-label");
        activity.getStyleClass().add("stat-label");
        VBox stats = new VBox(0, count, countLabel, activity);
        stats.setAlignment(Pos.CENTER_RIGHT);
        stats.setMinWidth(Region.USE_PREF_SIZE);

        toggle.getStyleClass().add("tunnel-toggle");
        toggle.setMinWidth(Region.USE_PREF_SIZE);
        toggle.setOnAction(e -> bound.toggle());

        MenuItem editItem = new MenuItem("Edit…", Icons.icon(Feather.EDIT_2));
        editItem.setOnAction(e -> edit.accept(bound));
        MenuItem requestsItem = new MenuItem("Show its requests", Icons.icon(Feather.LIST));
        requestsItem.setOnAction(e -> showRequests.accept(bound));
        MenuItem removeItem = new MenuItem("Delete", Icons.icon(Feather.TRASH_2));
        removeItem.setOnAction(e -> remove.accept(bound));
        more = new MenuButton(null, Icons.icon(Feather.MORE_VERTICAL), editItem, requestsItem, removeItem);
        more.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "no-arrow");
        more.setAccessibleText("More actions");
        more.setTooltip(new Tooltip("Edit, show its requests, delete"));
        more.setMinWidth(Region.USE_PREF_SIZE);

        card.getChildren().addAll(light, who, urlBox, stats, toggle, more);
        cardBox.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                edit.accept(bound);
            }
        });
        setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
    }

    /** As tall as the card is at the list's width: a long error wraps onto more lines instead of being cut. */
    @Override
    protected double computePrefHeight(double width) {
        if (getGraphic() == null || width <= 0) {
            return super.computePrefHeight(width);
        }
        javafx.geometry.Insets in = getInsets();
        return in.getTop() + cardBox.prefHeight(width - in.getLeft() - in.getRight()) + in.getBottom();
    }

    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    @Override
    protected void updateItem(TunnelItemViewModel item, boolean empty) {
        super.updateItem(item, empty);
        if (bound != null) {
            bound.statusProperty().removeListener(repaint);
            bound.configProperty().removeListener(repaint);
            bound.publicUrlProperty().removeListener(repaint);
            bound.runningProperty().removeListener(repaint);
            bound.headlineProperty().removeListener(repaint);
            bound.localWarningProperty().removeListener(repaint);
            count.textProperty().unbind();
            activity.textProperty().unbind();
        }
        bound = empty ? null : item;
        if (bound == null) {
            setGraphic(null);
            return;
        }
        bound.statusProperty().addListener(repaint);
        bound.configProperty().addListener(repaint);
        bound.publicUrlProperty().addListener(repaint);
        bound.runningProperty().addListener(repaint);
        bound.headlineProperty().addListener(repaint);
        bound.localWarningProperty().addListener(repaint);
        count.textProperty().bind(Bindings.createStringBinding(() -> String.format("%,d", bound.requestCountProperty().get()),
                bound.requestCountProperty()));
        activity.textProperty().bind(bound.lastActivityProperty());
        paint();
        setGraphic(cardBox);
    }

    private void paint() {
        TunnelItemViewModel m = bound;
        if (m == null) {
            return;
        }
        TunnelConfig c = m.config();
        name.setText(c.name());
        lock.setVisible(c.isProtected());
        lock.setManaged(c.isProtected());
        lock.setId("lock-" + c.name().replaceAll("[^A-Za-z0-9]", "-"));
        lock.setAccessibleText(c.isProtected() ? "Password-protected" : null);
        lockTip.setText(c.isProtected() ? "Password-protected: the backend asks callers to log in as “" + c.protection().user()
                + "” before anything reaches this computer." : "");
        keeps.setVisible(c.catchWhileOffline());
        keeps.setManaged(c.catchWhileOffline());
        keeps.setId("keeps-" + c.name().replaceAll("[^A-Za-z0-9]", "-"));
        boolean rules = !c.rules().isEmpty();
        shield.setVisible(rules);
        shield.setManaged(rules);
        shield.setId("rules-" + c.name().replaceAll("[^A-Za-z0-9]", "-"));
        shield.setText(c.rules().intact() ? Integer.toString(c.rules().policy().rules().size()) : "!");
        shield.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("broken"), !c.rules().intact());
        shield.setAccessibleText(rules ? c.rules().badgeText() : null);
        shieldTip.setText(rules ? c.rules().badgeText() : "");
        meta.setText(c.localTarget() + " · " + backendName(c.backendId()));
        status.setText(m.headlineProperty().get());
        String detail = m.detailProperty().get();
        statusTip.setText(detail.isEmpty() ? m.headlineProperty().get() : detail);
        detailLine.setText(detail);
        detailLine.setVisible(!detail.isEmpty());
        detailLine.setManaged(!detail.isEmpty());
        detailLine.getStyleClass().setAll("label", "tunnel-detail", m.lightProperty().get().name().toLowerCase(java.util.Locale.ROOT));
        String cls = m.lightProperty().get().name().toLowerCase(java.util.Locale.ROOT);
        String local = m.localWarningProperty().get();
        localLine.setText(local);
        localLine.setVisible(!local.isEmpty());
        localLine.setManaged(!local.isEmpty());
        // online, yet callers get a 502: not the green of a tunnel that works
        light.getStyleClass().setAll("status-light", local.isEmpty() ? cls : "local-down");
        status.getStyleClass().setAll("label", "tunnel-status", cls);
        URI u = m.publicUrlProperty().get();
        url.setText(u == null ? "" : u.toString());
        url.setVisible(u != null);
        url.setManaged(u != null);
        noUrl.setText(m.runningProperty().get() ? "Waiting for the public URL…" : "No public URL while stopped");
        if (u == null && !urlBox.getChildren().contains(noUrl)) {
            urlBox.getChildren().addFirst(noUrl);
        } else if (u != null) {
            urlBox.getChildren().remove(noUrl);
        }
        boolean running = m.runningProperty().get();
        toggle.setText(running ? "Stop" : "Start");
        toggle.setGraphic(Icons.icon(running ? Feather.SQUARE : Feather.PLAY));
        toggle.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        toggle.getStyleClass().add(running ? Styles.DANGER : Styles.SUCCESS);
        toggle.setId("toggle-" + c.name().replaceAll("[^A-Za-z0-9]", "-"));
        more.setId("more-" + c.name().replaceAll("[^A-Za-z0-9]", "-"));
        localLine.setId("local-down-" + c.name().replaceAll("[^A-Za-z0-9]", "-"));
    }

    private String backendName(String id) {
        return backendNames.apply(id);
    }
}
