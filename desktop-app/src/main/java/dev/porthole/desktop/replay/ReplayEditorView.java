package dev.porthole.desktop.replay;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;

import java.util.List;

import static dev.porthole.desktop.window.FormLabels.label;

/** The edit-and-replay card: method and path, where to send it, headers, body. */
public final class ReplayEditorView extends VBox {

    public ReplayEditorView(ReplayEditorViewModel model, Runnable close) {
        getStyleClass().add("dialog-card");
        setId("replay-editor");

        Label title = new Label("Edit and replay");
        title.getStyleClass().add("dialog-title");
        Label intro = new Label("The result appears in the log as a new request, linked to the original, with a diff of the two responses.");
        intro.getStyleClass().add("dialog-text");
        intro.setWrapText(true);

        ComboBox<String> method = new ComboBox<>();
        method.setId("replay-method");
        method.setEditable(true);
        method.getItems().addAll(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"));
        method.setPrefWidth(120);
        method.getEditor().textProperty().bindBidirectional(model.methodProperty());
        method.setValue(model.methodProperty().get());
        TextField target = new TextField();
        target.setId("replay-target");
        target.textProperty().bindBidirectional(model.targetProperty());
        HBox.setHgrow(target, Priority.ALWAYS);
        HBox line = new HBox(8, method, target);

        TextField sendTo = new TextField();
        sendTo.setId("replay-send-to");
        sendTo.textProperty().bindBidirectional(model.sendToProperty());

        TextArea headers = new TextArea();
        headers.setId("replay-headers");
        headers.getStyleClass().add("mono");
        headers.setPrefRowCount(6);
        headers.textProperty().bindBidirectional(model.headersProperty());
        Label clientHeaders = new Label();
        clientHeaders.getStyleClass().add("form-hint");
        clientHeaders.setWrapText(true);
        clientHeaders.textProperty().bind(Bindings.createStringBinding(() -> {
            List<String> set = model.headersSetByClient();
            return set.isEmpty() ? "" : String.join(", ", set) + (set.size() == 1 ? " is" : " are")
                    + " set by Porthole from the address and body, not sent as written.";
        }, model.headersProperty()));
        clientHeaders.visibleProperty().bind(clientHeaders.textProperty().isNotEmpty());
        clientHeaders.managedProperty().bind(clientHeaders.visibleProperty());

        VBox bodyBox;
        if (model.bodyEditable()) {
            CodeArea body = new CodeArea(model.bodyProperty().get());
            body.getStyleClass().add("body-code");
            body.setWrapText(true);
            body.setId("replay-body");
            body.setPrefHeight(170);
            body.textProperty().addListener((o, was, now) -> model.bodyProperty().set(now));
            VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(body);
            scroll.setPrefHeight(170);
            scroll.getStyleClass().add("code-frame");
            bodyBox = new VBox(scroll);
        } else {
            Label about = new Label();
            about.setId("replay-body-summary");
            about.getStyleClass().add("form-hint");
            about.setWrapText(true);
            about.textProperty().bind(model.bodySummaryProperty());
            HBox.setHgrow(about, Priority.ALWAYS);
            Button replace = new Button("Replace with a file…");
            replace.setId("replay-body-file");
            replace.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            replace.setOnAction(e -> model.replaceBodyFromFile());
            HBox row = new HBox(10, about, replace);
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            bodyBox = new VBox(row);
        }

        Label error = new Label();
        error.setId("replay-error");
        error.getStyleClass().add("form-error");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close.run());
        Button send = new Button("Send");
        send.setId("replay-send");
        send.getStyleClass().add(Styles.ACCENT);
        send.setDefaultButton(false);
        send.disableProperty().bind(model.sendingProperty());
        send.textProperty().bind(Bindings.when(model.sendingProperty()).then("Sending…").otherwise("Send  (Ctrl+Enter)"));
        Runnable doSend = () -> {
            var result = model.send();
            if (result != null) {
                result.thenRun(() -> javafx.application.Platform.runLater(close));
            }
        };
        send.setOnAction(e -> doSend.run());
        HBox buttons = new HBox(cancel, send);
        buttons.getStyleClass().add("dialog-buttons");

        getChildren().addAll(title, intro, label("Request"), line, label("Send to"), sendTo,
                label("Headers (one “Name: value” a line)"), headers, clientHeaders, label("Body"), bodyBox, error, buttons);
        KeyCombination sendKeys = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (sendKeys.match(e)) {
                doSend.run();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                close.run();
                e.consume();
            }
        });
    }
}
