package dev.porthole.desktop.tunnel;

import atlantafx.base.theme.Styles;
import dev.porthole.desktop.backend.BackendRef;
import dev.porthole.desktop.platform.FileDialogs;
import dev.porthole.desktop.rules.RulesView;
import dev.porthole.desktop.window.Icons;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.beans.value.ChangeListener;
import atlantafx.base.theme.Tweaks;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import static dev.porthole.desktop.window.FormLabels.hint;
import static dev.porthole.desktop.window.FormLabels.label;
import static dev.porthole.desktop.window.FormLabels.message;

/** The add/edit tunnel card shown in a modal. */
public final class TunnelEditorView extends VBox {
    /** Wide enough for the rules' forms and the live check side by side with their labels, narrow enough for 900×600. */
    public static final double WIDTH = 620;

    public TunnelEditorView(TunnelEditorViewModel model, FileDialogs files, Runnable close) {
        getStyleClass().add("dialog-card");
        setId("tunnel-editor");

        Label title = new Label(model.isNew() ? "New tunnel" : "Edit tunnel");
        title.getStyleClass().add("dialog-title");
        Label intro = new Label("Requests to the public URL are forwarded to this port on your computer.");
        intro.getStyleClass().add("dialog-text");
        intro.setWrapText(true);

        TextField host = new TextField();
        host.setId("tunnel-host");
        host.textProperty().bindBidirectional(model.hostProperty());
        TextField port = new TextField();
        port.setId("tunnel-port");
        port.setPromptText("3000");
        port.textProperty().bindBidirectional(model.portProperty());
        GridPane target = new GridPane(8, 0);
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        ColumnConstraints fixed = new ColumnConstraints(110);
        target.getColumnConstraints().addAll(grow, fixed);
        target.add(host, 0, 0);
        target.add(port, 1, 0);
        host.setMaxWidth(Double.MAX_VALUE);

        TextField name = new TextField();
        name.setId("tunnel-name");
        name.textProperty().bindBidirectional(model.nameProperty());
        name.promptTextProperty().bind(Bindings.createStringBinding(() -> {
            String p = model.portProperty().get();
            return p == null || p.isBlank() ? "e.g. Stripe webhooks" : TunnelEditorViewModel.defaultName(
                    model.hostProperty().get() == null ? "localhost" : model.hostProperty().get().strip(), safePort(p));
        }, model.portProperty(), model.hostProperty()));

        ComboBox<BackendRef> backend = new ComboBox<>(model.backends());
        backend.setId("tunnel-backend");
        backend.valueProperty().bindBidirectional(model.backendProperty());
        backend.setMaxWidth(Double.MAX_VALUE);

        TextField reserved = new TextField();
        reserved.setId("tunnel-reserved-id");
        reserved.setPromptText("optional, e.g. my-shop-hooks");
        reserved.textProperty().bindBidirectional(model.reservedIdProperty());

        Label portWarning = message(model.portWarningProperty(), "form-warning");
        portWarning.setId("port-warning");

        VBox form = new VBox(6,
                label("Local host and port"), target, message(model.hostErrorProperty(), "form-error"),
                message(model.portErrorProperty(), "form-error"), portWarning,
                gap(), label("Name"), name,
                gap(), label("Backend"), backend, message(model.backendErrorProperty(), "form-error"),
                hint("“This computer” needs no account; an AWS backend gives a public HTTPS URL."),
                gap(), label("Tunnel ID"), reserved, message(model.reservedIdErrorProperty(), "form-error"),
                hint("Part of the URL. Leave empty to get one; Porthole then keeps it across restarts."),
                gap(), protection(model), gap(), publicHost(model), gap(), catchWhileOffline(model),
                gap(), new RulesView(model.rules(), files));

        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close.run());
        Button save = new Button(model.isNew() ? "Create tunnel" : "Save");
        save.setId("save-tunnel");
        save.getStyleClass().add(Styles.ACCENT);
        save.setDefaultButton(true);
        save.disableProperty().bind(model.validBinding().not());
        save.setOnAction(e -> {
            if (model.save()) {
                close.run();
            }
        });
        CheckBox startNow = new CheckBox("Start it now");
        startNow.setId("tunnel-start-now");
        startNow.selectedProperty().bindBidirectional(model.startNowProperty());
        startNow.setVisible(model.isNew());
        startNow.setManaged(model.isNew());
        Region push = new Region();
        HBox.setHgrow(push, Priority.ALWAYS);
        HBox buttons = new HBox(startNow, push, cancel, save);
        buttons.getStyleClass().add("dialog-buttons");

        // the form scrolls inside the card, so Save and Cancel stay in view however many rules there are
        ScrollPane scroll = new ScrollPane(form);
        scroll.setId("tunnel-editor-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        form.setPadding(new javafx.geometry.Insets(0, 14, 0, 0)); // room for the scroll bar
        getChildren().addAll(title, intro, scroll, buttons);
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                close.run();
            }
        });
        // a field reached by Tab is scrolled into view (a scroll pane does not do it by itself)
        ChangeListener<Node> revealFocused = (o, was, now) -> reveal(scroll, form, now);
        sceneProperty().addListener((o, was, now) -> {
            if (was != null) {
                was.focusOwnerProperty().removeListener(revealFocused);
            }
            if (now != null) {
                scroll.prefViewportHeightProperty().bind(Bindings.createDoubleBinding(
                        () -> Math.max(MIN_FORM_HEIGHT, Math.min(form.getHeight(), now.getHeight() - CARD_CHROME)),
                        form.heightProperty(), now.heightProperty()));
                now.focusOwnerProperty().addListener(revealFocused);
                (model.isNew() ? port : name).requestFocus();
            }
        });
    }

    /** The card's title, intro, buttons, padding and the modal's margins: what the window's height leaves the form. */
    private static final double CARD_CHROME = 230;
    private static final double MIN_FORM_HEIGHT = 180;

    private static void reveal(ScrollPane scroll, Region content, Node focused) {
        if (focused == null || content.getHeight() <= scroll.getViewportBounds().getHeight()) {
            return;
        }
        for (Node n = focused; n != null; n = n.getParent()) {
            if (n == content) {
                javafx.geometry.Bounds b = content.sceneToLocal(focused.localToScene(focused.getBoundsInLocal()));
                double viewport = scroll.getViewportBounds().getHeight();
                double hidden = content.getHeight() - viewport;
                double top = scroll.getVvalue() * hidden;
                if (b.getMinY() < top) {
                    scroll.setVvalue(Math.max(0, b.getMinY() - 8) / hidden);
                } else if (b.getMaxY() > top + viewport) {
                    // a third of the view left below it: what a field leads to (the live check's verdict) shows too
                    scroll.setVvalue(Math.min(hidden, b.getMaxY() + viewport / 3 - viewport) / hidden);
                }
                return;
            }
        }
    }

    /** "Protect the public URL": user and password, or "protected as …" when editing a protected tunnel. */
    private static Node protection(TunnelEditorViewModel model) {
        CheckBox protect = new CheckBox("Protect the public URL with a password");
        protect.setId("tunnel-protect");
        protect.selectedProperty().bindBidirectional(model.protectProperty());

        Label savedAs = new Label();
        savedAs.setId("tunnel-protected-as");
        savedAs.getStyleClass().add("protected-as");
        savedAs.setGraphic(Icons.icon(Feather.LOCK));
        savedAs.textProperty().bind(Bindings.concat("Protected as ", model.accessUserProperty()));
        Hyperlink change = new Hyperlink("Change password");
        change.setId("tunnel-change-password");
        change.setOnAction(e -> model.changePassword());
        Hyperlink remove = new Hyperlink("Remove protection");
        remove.setId("tunnel-remove-protection");
        remove.setOnAction(e -> model.removeProtection());
        savedAs.setTooltip(new javafx.scene.control.Tooltip());
        savedAs.getTooltip().textProperty().bind(savedAs.textProperty()); // a very long user name is cut; here it is whole
        HBox links = new HBox(12, change, remove);
        VBox saved = new VBox(2, savedAs, links);
        saved.getStyleClass().add("protected-box");
        showWhen(saved, model.protectProperty().and(model.keepsSavedPasswordProperty()));

        TextField user = new TextField();
        user.setId("tunnel-access-user");
        user.setPromptText("user name");
        user.textProperty().bindBidirectional(model.accessUserProperty());
        PasswordField password = new PasswordField();
        password.setId("tunnel-access-password");
        password.setPromptText(model.hasSavedPassword() ? "new password" : "password");
        password.textProperty().bindBidirectional(model.passwordProperty());
        GridPane fields = new GridPane(8, 0);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        fields.getColumnConstraints().addAll(half, half);
        fields.add(user, 0, 0);
        fields.add(password, 1, 0);
        Hyperlink keep = new Hyperlink("Keep the current password");
        keep.setId("tunnel-keep-password");
        keep.setOnAction(e -> model.keepSavedPassword());
        keep.setVisible(model.hasSavedPassword());
        keep.setManaged(model.hasSavedPassword());
        VBox editing = new VBox(6, fields, message(model.accessUserErrorProperty(), "form-error"),
                message(model.passwordErrorProperty(), "form-error"), keep);
        showWhen(editing, model.protectProperty().and(model.keepsSavedPasswordProperty().not()));

        Label explain = hint("The backend asks every caller for these (HTTP Basic authentication) before anything reaches "
                + "this computer. Porthole keeps only a digest of the password.");
        showWhen(explain, model.protectProperty());
        return new VBox(6, protect, saved, editing, explain);
    }

    private static Node publicHost(TunnelEditorViewModel model) {
        CheckBox keep = new CheckBox("Keep the public Host header");
        keep.setId("tunnel-keep-host");
        keep.selectedProperty().bindBidirectional(model.keepPublicHostProperty());
        Label explain = new Label();
        explain.getStyleClass().add("form-hint");
        explain.setWrapText(true);
        explain.textProperty().bind(Bindings.createStringBinding(() -> {
            String p = model.portProperty().get() == null ? "" : model.portProperty().get().strip();
            String h = model.hostProperty().get() == null ? "" : model.hostProperty().get().strip();
            return "Your server sees the public URL's host instead of " + (h.isEmpty() ? "localhost" : h) + ":"
                    + (p.isEmpty() ? "3000" : p) + ", for virtual hosts and apps that build links from Host.";
        }, model.portProperty(), model.hostProperty()));
        return new VBox(4, keep, explain);
    }

    private static Node catchWhileOffline(TunnelEditorViewModel model) {
        CheckBox keep = new CheckBox("Keep requests that arrive while this tunnel is offline");
        keep.setId("tunnel-catch");
        keep.selectedProperty().bindBidirectional(model.catchWhileOfflineProperty());
        Label explain = hint("For webhooks: while the tunnel is stopped or this computer sleeps, the backend answers "
                + "202 and keeps each request (up to 1,000, for 7 days); they arrive here when the tunnel is back.");
        return new VBox(4, keep, explain);
    }

    private static void showWhen(Node node, javafx.beans.value.ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }

    private static int safePort(String p) {
        try {
            return Integer.parseInt(p.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Node gap() {
        VBox v = new VBox();
        v.setMinHeight(4);
        return v;
    }
}
