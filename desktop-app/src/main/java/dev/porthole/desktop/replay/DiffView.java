package dev.porthole.desktop.replay;

import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;

import java.util.List;

/** The original response against its replay, unified: removed lines red with "−", added lines green with "+". */
public final class DiffView extends VBox {

    public DiffView(ResponseDiff diff) {
        setId("diff-view");
        Label summary = new Label(diff.summary());
        summary.getStyleClass().addAll("diff-summary", diff.identical() ? "identical" : "changed");
        summary.setId("diff-summary");
        StringBuilder text = new StringBuilder();
        for (ResponseDiff.Line line : diff.lines()) {
            text.append(switch (line.change()) {
                case SAME -> "  ";
                case ADDED -> "+ ";
                case REMOVED -> "− ";
            }).append(line.text()).append('\n');
        }
        CodeArea area = new CodeArea(text.toString());
        area.setEditable(false);
        area.setWrapText(true);
        List<ResponseDiff.Line> lines = diff.lines();
        for (int i = 0; i < lines.size(); i++) {
            ResponseDiff.Change change = lines.get(i).change();
            if (change != ResponseDiff.Change.SAME) {
                String style = change == ResponseDiff.Change.ADDED ? "diff-added" : "diff-removed";
                area.setParagraphStyle(i, List.of(style));
                area.setStyle(i, List.of(style));
            }
        }
        area.moveTo(0);
        area.requestFollowCaret();
        VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(area);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(summary, scroll);
    }
}
