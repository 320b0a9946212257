package dev.porthole.desktop.rules;

import atlantafx.base.theme.Styles;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.platform.FileDialogs;
import dev.porthole.desktop.window.Icons;
import dev.porthole.policy.RateLimit;
import dev.porthole.policy.WebhookProvider;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.List;

import static dev.porthole.desktop.window.FormLabels.hint;
import static dev.porthole.desktop.window.FormLabels.label;
import static dev.porthole.desktop.window.FormLabels.message;

/** The Rules section of the tunnel dialog: the rules in order, the form of the one being edited, and the live check. */
public final class RulesView extends VBox {
    private final RulesViewModel model;
    private final VBox rows = new VBox(4);
    private final VBox formBox = new VBox(6);
    private final MenuButton add;

    public RulesView(RulesViewModel model, FileDialogs files) {
        super(6);
        this.model = model;
        setId("rules-section");
        getStyleClass().add("rules-section");

        Label title = label("Traffic rules");
        add = new MenuButton("Add rule", Icons.icon(Feather.PLUS));
        add.setId("rules-add");
        add.getStyleClass().add(Styles.SMALL);
        for (RuleKind kind : RuleKind.values()) {
            MenuItem item = new MenuItem(kind.label());
            item.setId("rules-add-" + kind.name());
            item.setOnAction(e -> model.add(kind));
            add.getItems().add(item);
        }
        Button importFile = new Button("Import policy file…");
        importFile.setId("rules-import");
        importFile.getStyleClass().add(Styles.SMALL);
        importFile.setOnAction(e -> files.openPolicy().ifPresent(model::importFile));
        Region push = new Region();
        HBox.setHgrow(push, Priority.ALWAYS);
        HBox header = new HBox(8, title, push, importFile, add);
        header.setAlignment(Pos.CENTER_LEFT);

        Label explain = hint("The backend runs them in order on every public request, before anything reaches this "
                + "computer: the first rule that refuses or answers decides.");
        Label problem = message(model.savedProblemProperty(), "form-error");
        problem.setId("rules-saved-problem");
        Label imported = message(model.importMessageProperty(), "form-hint");
        imported.setId("rules-import-message");
        Label restart = hint("This tunnel is running: saving reconnects it (a second or two) so the backend gets the new rules.");
        restart.setId("rules-restart-note");
        restart.getStyleClass().add("form-warning");
        restart.visibleProperty().bind(model.restartsOnSaveBinding());
        restart.managedProperty().bind(restart.visibleProperty());

        rows.setId("rules-list");
        model.rules().addListener((ListChangeListener<dev.porthole.policy.Rule>) c -> paintRows());
        paintRows();
        formBox.setId("rule-form");
        formBox.getStyleClass().add("rule-form");
        model.formProperty().addListener((o, was, now) -> paintForm(now));
        paintForm(model.formProperty().get());

        getChildren().addAll(header, explain, problem, rows, formBox, restart, imported, liveCheck(model.check()));
    }

    private void paintRows() {
        rows.getChildren().clear();
        if (model.rules().isEmpty()) {
            Label none = hint("No rules: every request goes through to your server.");
            none.setId("rules-empty");
            rows.getChildren().add(none);
            return;
        }
        for (int i = 0; i < model.rules().size(); i++) {
            rows.getChildren().add(row(i));
        }
    }

    private Node row(int index) {
        Label number = new Label(Integer.toString(index + 1));
        number.getStyleClass().add("rule-number");
        number.setMinWidth(Region.USE_PREF_SIZE);
        Label summary = new Label(model.summary(index));
        summary.setId("rule-summary-" + index);
        summary.setWrapText(true);
        summary.setMinWidth(0);
        summary.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(summary, Priority.ALWAYS);
        Button up = small(Feather.ARROW_UP, "Move rule " + (index + 1) + " up", "rule-up-" + index);
        up.setOnAction(e -> model.moveUp(index));
        up.setDisable(index == 0);
        Button down = small(Feather.ARROW_DOWN, "Move rule " + (index + 1) + " down", "rule-down-" + index);
        down.setOnAction(e -> model.moveDown(index));
        down.setDisable(index == model.rules().size() - 1);
        Button edit = small(Feather.EDIT_2, "Edit rule " + (index + 1), "rule-edit-" + index);
        edit.setOnAction(e -> model.edit(index));
        Button remove = small(Feather.TRASH_2, "Remove rule " + (index + 1), "rule-remove-" + index);
        remove.setOnAction(e -> model.remove(index));
        HBox row = new HBox(6, number, summary, up, down, edit, remove);
        row.setId("rule-row-" + index);
        row.getStyleClass().add("rule-row");
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Button small(Feather icon, String text, String id) {
        Button b = Icons.iconButton(icon, text);
        b.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        b.setAccessibleText(text);
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private void paintForm(RuleForm form) {
        formBox.getChildren().clear();
        formBox.setVisible(form != null);
        formBox.setManaged(form != null);
        if (form == null) {
            return;
        }
        boolean existing = model.formEditsExisting();
        Label title = label((existing ? "Edit rule: " : "New rule: ") + form.kind().label());
        List<Node> fields = new ArrayList<>(List.of(title, hint(form.kind().description())));
        fields.addAll(fieldsOf(form));
        if (form.kind().matchesRequests()) {
            fields.add(matchRow(form));
        }
        Label error = message(form.errorProperty(), "form-error");
        error.setId("rule-error");
        Label whole = message(model.formErrorProperty(), "form-error");
        whole.setId("rule-policy-error");
        Button cancel = new Button("Cancel");
        cancel.setId("rule-cancel");
        cancel.setOnAction(e -> model.cancel());
        Button apply = new Button(existing ? "Done" : "Add this rule");
        apply.setId("rule-apply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.disableProperty().bind(form.ruleProperty().isNull());
        apply.setOnAction(e -> applyForm());
        Region push = new Region();
        HBox.setHgrow(push, Priority.ALWAYS);
        HBox buttons = new HBox(8, push, cancel, apply);
        fields.addAll(List.of(error, whole, buttons));
        formBox.getChildren().setAll(fields);
        // Enter in a one-line field adds the rule (not the dialog's Save); Escape drops the form, not the dialog
        formBox.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                model.cancel();
                add.requestFocus();
                e.consume();
            }
        });
        firstField(formBox).ifPresent(Node::requestFocus);
    }

    private void applyForm() {
        if (model.apply()) {
            add.requestFocus();
        }
    }

    private static java.util.Optional<Node> firstField(javafx.scene.Parent parent) {
        for (Node n : parent.getChildrenUnmodifiable()) {
            if (n instanceof TextInputControl || n instanceof ComboBox<?> || n instanceof CheckBox) {
                return java.util.Optional.of(n);
            }
            if (n instanceof javafx.scene.Parent p && !(n instanceof Label)) {
                java.util.Optional<Node> inner = firstField(p);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return java.util.Optional.empty();
    }

    private List<Node> fieldsOf(RuleForm form) {
        return switch (form.kind()) {
            case IP_RANGES -> List.of(
                    label("Allow only"), field(form.allowProperty(), "rule-allow", "any address, or 203.0.113.0/24, 2001:db8::/32"),
                    label("Deny"), field(form.denyProperty(), "rule-deny", "e.g. 198.51.100.7"),
                    hint("CIDR ranges or single addresses, separated by commas. The address is the one API Gateway saw, "
                            + "never an X-Forwarded-For the caller wrote."));
            case REQUEST_HEADERS, RESPONSE_HEADERS -> List.of(
                    label("Remove"), field(form.removeHeadersProperty(), "rule-remove-headers", "e.g. Cookie, X-Debug"),
                    label("Replace"), area(form.replaceHeadersProperty(), "rule-replace-headers", "Name: value, one a line"),
                    label("Add"), area(form.addHeadersProperty(), "rule-add-headers", "Name: value, one a line"));
            case WEBHOOK -> webhookFields(form);
            case RATE_LIMIT -> {
                TextField limit = field(form.limitProperty(), "rule-limit", "60");
                limit.setPrefColumnCount(6);
                ComboBox<RateLimit.Window> per = new ComboBox<>();
                per.getItems().setAll(RateLimit.Window.values());
                per.setId("rule-window");
                per.valueProperty().bindBidirectional(form.windowProperty());
                per.setConverter(new StringConverter<>() {
                    @Override
                    public String toString(RateLimit.Window w) {
                        return w == null ? "" : "requests per " + w.wireName();
                    }

                    @Override
                    public RateLimit.Window fromString(String text) {
                        return null;
                    }
                });
                HBox line = new HBox(8, limit, per);
                line.setAlignment(Pos.CENTER_LEFT);
                CheckBox byIp = new CheckBox("Count each caller IP address on its own");
                byIp.setId("rule-per-ip");
                byIp.selectedProperty().bindBidirectional(form.perCallerIpProperty());
                yield List.of(label("Limit"), line, byIp, hint("Callers past it get 429 with Retry-After. Each Lambda "
                        + "environment counts on its own, so under heavy load the limit is approximate."));
            }
            case FIXED_RESPONSE -> responseFields(form);
            case FALLBACK -> {
                CheckBox offline = new CheckBox("While the tunnel is offline");
                offline.setId("rule-when-offline");
                offline.selectedProperty().bindBidirectional(form.whenOfflineProperty());
                CheckBox down = new CheckBox("While your server is down or does not answer");
                down.setId("rule-when-down");
                down.selectedProperty().bindBidirectional(form.whenLocalDownProperty());
                List<Node> out = new ArrayList<>(List.of(offline, down));
                out.addAll(responseFields(form));
                yield out;
            }
            case DENY -> List.of(hint("Callers get 403. Say below which requests."));
        };
    }

    private List<Node> webhookFields(RuleForm form) {
        ComboBox<WebhookProvider> provider = new ComboBox<>();
        provider.getItems().setAll(WebhookProvider.values());
        provider.setId("rule-provider");
        provider.valueProperty().bindBidirectional(form.providerProperty());
        provider.setConverter(new StringConverter<>() {
            @Override
            public String toString(WebhookProvider p) {
                return p == null ? "" : p.displayName();
            }

            @Override
            public WebhookProvider fromString(String s) {
                return null;
            }
        });
        provider.setMaxWidth(Double.MAX_VALUE);
        PasswordField secret = new PasswordField();
        secret.setId("rule-secret");
        secret.setPromptText(form.hasSavedSecret() ? "leave empty to keep the saved secret" : "the signing secret");
        secret.textProperty().bindBidirectional(form.secretProperty());
        secret.setOnAction(e -> {
            applyForm();
            e.consume();
        });
        TextField header = field(form.signatureHeaderProperty(), "rule-signature-header", "e.g. X-Signature");
        Label headerLabel = label("Signature header");
        Label headerHint = hint("Hex or base64, with or without sha256=: both are accepted.");
        VBox hmac = new VBox(6, headerLabel, header, headerHint);
        hmac.visibleProperty().bind(form.providerProperty().isEqualTo(WebhookProvider.HMAC_SHA256));
        hmac.managedProperty().bind(hmac.visibleProperty());
        List<Node> out = new ArrayList<>(List.of(label("Provider"), provider, label("Secret"), secret));
        if (form.hasSavedSecret()) {
            Label kept = hint(form.savedSecretHint());
            kept.setId("rule-saved-secret");
            out.add(kept);
        }
        out.add(hmac);
        TextField tolerance = field(form.toleranceProperty(), "rule-tolerance", "300");
        tolerance.setPrefColumnCount(6);
        HBox toleranceLine = new HBox(8, tolerance, new Label("seconds"));
        toleranceLine.setAlignment(Pos.CENTER_LEFT);
        VBox replay = new VBox(6, label("Tolerance"), toleranceLine, hint("Signatures timed further from now than this are "
                + "refused, so a captured delivery cannot be sent again later. The providers advise 300 seconds."));
        replay.visibleProperty().bind(Bindings.createBooleanBinding(() -> form.providerProperty().get() != null
                && form.providerProperty().get().timestamped(), form.providerProperty()));
        replay.managedProperty().bind(replay.visibleProperty());
        out.add(replay);
        return out;
    }

    private List<Node> responseFields(RuleForm form) {
        TextField status = field(form.statusProperty(), "rule-status", "200");
        status.setPrefColumnCount(5);
        status.setMaxWidth(Region.USE_PREF_SIZE);
        return List.of(label("Status"), status,
                label("Headers"), area(form.responseHeadersProperty(), "rule-response-headers", "Name: value, one a line"),
                label("Body"), area(form.bodyProperty(), "rule-body", "text sent as it is"));
    }

    private Node matchRow(RuleForm form) {
        TextField methods = field(form.methodsProperty(), "rule-methods", "any method");
        TextField path = field(form.pathProperty(), "rule-path", "any path, or /hooks/*");
        GridPane grid = new GridPane(8, 4);
        ColumnConstraints narrow = new ColumnConstraints();
        narrow.setPercentWidth(35);
        ColumnConstraints wide = new ColumnConstraints();
        wide.setPercentWidth(65);
        grid.getColumnConstraints().addAll(narrow, wide);
        grid.add(label("Methods"), 0, 0);
        grid.add(label("Path"), 1, 0);
        grid.add(methods, 0, 1);
        grid.add(path, 1, 1);
        return new VBox(4, grid, hint("Only requests with these methods and this path (* is one segment, ** any). Empty: every request."));
    }

    private TextField field(StringProperty value, String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(value);
        f.setOnAction(e -> {
            applyForm();
            e.consume();
        });
        return f;
    }

    private static TextArea area(StringProperty value, String id, String prompt) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setPromptText(prompt);
        a.setPrefRowCount(2);
        a.setWrapText(true);
        a.textProperty().bindBidirectional(value);
        // Tab moves on, as in every other field, instead of typing a tab into a header value: the text area moves
        // focus on Ctrl+Tab, so a plain Tab is handed on as one
        a.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.TAB && !e.isControlDown()) {
                e.consume();
                a.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.TAB, e.isShiftDown(), true, false, false));
            }
        });
        return a;
    }

    private static Node liveCheck(LiveCheck check) {
        Label title = label("Live check");
        ComboBox<LogEntry> captured = new ComboBox<>(check.captured());
        captured.setId("check-captured");
        captured.setPromptText(check.captured().isEmpty() ? "No captured requests yet" : "Use a captured request");
        captured.setDisable(check.captured().isEmpty());
        captured.setMaxWidth(Double.MAX_VALUE);
        captured.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(LogEntry item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : describe(item));
            }
        });
        captured.setButtonCell(captured.getCellFactory().call(null));
        captured.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                check.pick(now);
            }
        });

        TextField method = new TextField();
        method.setId("check-method");
        method.textProperty().bindBidirectional(check.methodProperty());
        TextField path = new TextField();
        path.setId("check-path");
        path.setPromptText("/hooks/github");
        path.textProperty().bindBidirectional(check.pathProperty());
        TextField ip = new TextField();
        ip.setId("check-ip");
        ip.textProperty().bindBidirectional(check.sourceIpProperty());
        ip.setTooltip(new Tooltip("The caller's address, as API Gateway would see it"));
        GridPane line = new GridPane(8, 4);
        ColumnConstraints m = new ColumnConstraints();
        m.setPercentWidth(18);
        ColumnConstraints p = new ColumnConstraints();
        p.setPercentWidth(52);
        ColumnConstraints a = new ColumnConstraints();
        a.setPercentWidth(30);
        line.getColumnConstraints().addAll(m, p, a);
        line.add(label("Method"), 0, 0);
        line.add(label("Path"), 1, 0);
        line.add(label("Caller IP"), 2, 0);
        line.add(method, 0, 1);
        line.add(path, 1, 1);
        line.add(ip, 2, 1);

        TextArea headers = area(check.headersProperty(), "check-headers", "Headers: Name: value, one a line");
        TextArea body = area(check.bodyProperty(), "check-body", "Body");
        GridPane more = new GridPane(8, 0);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        more.getColumnConstraints().addAll(half, half);
        more.add(headers, 0, 0);
        more.add(body, 1, 0);

        Label verdict = new Label();
        verdict.setId("check-verdict");
        verdict.setWrapText(true);
        verdict.getStyleClass().add("check-verdict");
        verdict.textProperty().bind(check.verdictProperty());
        verdict.setGraphic(Icons.icon(Feather.SHIELD));
        Runnable colour = () -> {
            verdict.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, Styles.ACCENT, Styles.WARNING);
            verdict.getStyleClass().add(switch (check.outcomeProperty().get()) {
                case ALLOWED -> Styles.SUCCESS;
                case REFUSED -> Styles.DANGER;
                case ANSWERED -> Styles.ACCENT;
                case NOT_A_REQUEST -> Styles.WARNING;
            });
        };
        check.outcomeProperty().addListener(o -> colour.run());
        colour.run();
        Label detail = new Label();
        detail.getStyleClass().add("form-hint");
        detail.setWrapText(true);
        detail.textProperty().bind(check.detailProperty());
        detail.visibleProperty().bind(Bindings.isNotEmpty(check.detailProperty()));
        detail.managedProperty().bind(detail.visibleProperty());

        VBox box = new VBox(6, title, hint("What the rules above would do with one request, typed or taken from this tunnel's log."),
                captured, line, verdict, detail, more);
        box.setId("live-check");
        box.getStyleClass().add("live-check");
        return box;
    }

    static String describe(LogEntry e) {
        return e.method() + " " + e.target() + " → " + (e.status() == 0 ? "—" : e.status());
    }
}
