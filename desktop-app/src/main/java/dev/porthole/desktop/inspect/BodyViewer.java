package dev.porthole.desktop.inspect;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.porthole.desktop.window.Icons;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
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
import org.kordamp.ikonli.feather.Feather;

import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * Shows a body: highlighted code, form fields, an image, or a hex dump, with what the person should know above it.
 * Text arrives prepared and bounded ({@link ShownText}), so building the view is cheap; when it is bounded, the
 * notice offers the whole body: show all, save it, open it in an editor. Images are decoded off the UI thread.
 */
public final class BodyViewer {
    private BodyViewer() {
    }

    /** What the person can do with the whole body when only part of it is shown. */
    public interface Actions {
        void showAll();

        void save();

        void open();
    }

    public static Node of(BodyView body, ShownText shown, Actions actions) {
        Node content = switch (body) {
            case BodyView.Empty e -> placeholder("No body");
            case BodyView.Text t -> code(shown);
            case BodyView.Form f -> fields(f.fields());
            case BodyView.Image i -> image(i);
            case BodyView.Binary b -> code(shown);
        };
        return withNotice(content, join(body.notice(), shown == null ? "" : shown.notice()),
                shown != null && shown.bounded() ? actions : null);
    }

    /** The raw message, bounded as bodies are. */
    public static Node raw(ShownText shown, Actions actions) {
        return withNotice(code(shown), shown.notice(), shown.bounded() ? actions : null);
    }

    private static Node withNotice(Node content, String notice, Actions actions) {
        VBox box = new VBox();
        if (!notice.isEmpty() || actions != null) {
            Label text = new Label(notice);
            text.setWrapText(true);
            text.setMinWidth(0);
            text.setId("body-notice");
            if (!notice.isEmpty()) {
                javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip(notice);
                tip.setWrapText(true);
                tip.setMaxWidth(420);
                text.setTooltip(tip);
            }
            text.setMaxWidth(Double.MAX_VALUE);
            VBox bar = new VBox(4, text);
            bar.getStyleClass().add("notice");
            text.setVisible(!notice.isEmpty());
            text.setManaged(!notice.isEmpty());
            if (actions != null) {
                Button all = small("Show all", Feather.MAXIMIZE_2, "body-show-all", actions::showAll);
                Button save = small("Save body…", Feather.SAVE, "body-save", actions::save);
                Button open = small("Open in editor", Feather.EXTERNAL_LINK, "body-open", actions::open);
                // a row of its own under the text: a narrow side keeps both readable
                javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(4, 2, all, save, open);
                bar.getChildren().add(buttons);
            }
            box.getChildren().add(bar);
        }
        VBox.setVgrow(content, Priority.ALWAYS);
        box.getChildren().add(content);
        return box;
    }

    private static Button small(String text, Feather icon, String id, Runnable action) {
        Button b = Icons.button(text, icon, Styles.SMALL, Styles.FLAT);
        b.setId(id);
        b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " " + b;
    }

    /** A read-only code area on prepared text: its colours were computed with it, off the UI thread. */
    public static CodeArea codeArea(ShownText shown) {
        CodeArea area = new CodeArea(shown.text());
        area.setEditable(false);
        area.setWrapText(shown.kind() != BodyKind.BINARY);
        area.getStyleClass().add("body-code");
        if (shown.highlight() != null && !shown.text().isEmpty()) {
            area.setStyleSpans(0, shown.highlight());
        }
        return area;
    }

    static Node code(ShownText shown) {
        return new VirtualizedScrollPane<>(codeArea(shown));
    }

    public static Node placeholder(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setWrapText(true);
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

    /** Decoded on a thread of its own (a large picture takes a while), shown when ready. */
    static Node image(BodyView.Image i) {
        StackPane holder = new StackPane(placeholder("Loading the " + i.mimeType() + " image (" + Sizes.format(i.bytes().length) + ")…"));
        Thread.ofVirtual().name("porthole-image").start(() -> {
            Image image = new Image(new ByteArrayInputStream(i.bytes()));
            Platform.runLater(() -> holder.getChildren().setAll(shown(i, image)));
        });
        return holder;
    }

    private static Node shown(BodyView.Image i, Image image) {
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
