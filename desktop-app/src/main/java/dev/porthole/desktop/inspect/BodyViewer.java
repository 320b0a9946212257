package dev.porthole.desktop.inspect;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;

import java.io.ByteArrayInputStream;
import java.util.List;

/** Shows a {@link BodyView}: highlighted code, form fields, an image, or a hex dump; its notice above. */
public final class BodyViewer {
    private BodyViewer() {
    }

    public static Node of(BodyView body) {
        Node content = switch (body) {
            case BodyView.Empty e -> placeholder("No body");
            case BodyView.Text t -> code(t.text(), t.kind());
            case BodyView.Form f -> fields(f.fields());
            case BodyView.Image i -> image(i);
            case BodyView.Binary b -> code(b.hexDump(), BodyKind.BINARY);
        };
        VBox box = new VBox();
        if (!body.notice().isEmpty()) {
            Label notice = new Label(body.notice());
            notice.getStyleClass().add("notice");
            notice.setWrapText(true);
            notice.setMaxWidth(Double.MAX_VALUE);
            notice.setId("body-notice");
            box.getChildren().add(notice);
        }
        VBox.setVgrow(content, Priority.ALWAYS);
        box.getChildren().add(content);
        return box;
    }

    public static CodeArea codeArea(String text, BodyKind kind) {
        CodeArea area = new CodeArea(text);
        area.setEditable(false);
        area.setWrapText(kind != BodyKind.BINARY);
        area.getStyleClass().add("body-code");
        if (!text.isEmpty()) {
            switch (kind) {
                case JSON -> area.setStyleSpans(0, Highlighter.json(text));
                case XML, HTML -> area.setStyleSpans(0, Highlighter.xml(text));
                default -> {
                }
            }
        }
        return area;
    }

    static Node code(String text, BodyKind kind) {
        return new VirtualizedScrollPane<>(codeArea(text, kind));
    }

    static Node placeholder(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        StackPane p = new StackPane(l);
        p.setAlignment(Pos.CENTER);
        return p;
    }

    static Node fields(List<BodyView.FormField> fields) {
        TableView<BodyView.FormField> table = new TableView<>();
        table.getStyleClass().addAll("kv-table", Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        TableColumn<BodyView.FormField, String> name = new TableColumn<>("Field");
        name.setCellValueFactory(f -> new ReadOnlyStringWrapper(f.getValue().name()));
        name.setPrefWidth(160);
        TableColumn<BodyView.FormField, String> value = new TableColumn<>("Value");
        value.setCellValueFactory(f -> new ReadOnlyStringWrapper(f.getValue().fileName() == null ? f.getValue().value()
                : f.getValue().fileName() + " " + f.getValue().value()));
        table.getColumns().setAll(List.of(name, value));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getItems().setAll(fields);
        table.setPlaceholder(new Label("No fields"));
        return table;
    }

    static Node image(BodyView.Image i) {
        Image image = new Image(new ByteArrayInputStream(i.bytes()));
        if (image.isError()) {
            return placeholder("This " + i.mimeType() + " image cannot be shown (" + Sizes.format(i.bytes().length) + ").");
        }
        ImageView view = new ImageView(image);
        view.setPreserveRatio(true);
        view.setFitWidth(Math.min(image.getWidth(), 640));
        Label dims = new Label((int) image.getWidth() + " × " + (int) image.getHeight() + " · " + i.mimeType()
                + " · " + Sizes.format(i.bytes().length));
        dims.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(10, view, dims);
        box.setAlignment(Pos.CENTER);
        box.setStyle("-fx-padding: 16;");
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }
}
