package dev.porthole.desktop.replay;

import dev.porthole.desktop.inspect.TextPreparer;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;

import java.util.List;

/**
 * The original response against its replay, unified: removed lines red with "−", added lines green with "+". Shown
 * bounded, as the inspector's bodies are: the first {@value #MAX_SHOWN} lines, each cut at
 * {@link TextPreparer.Limits#LINE_BREAK} characters.
 */
public final class DiffView extends VBox {
    static final int MAX_SHOWN = 1_000;

    public DiffView(ResponseDiff diff) {
        setId("diff-view");
        List<ResponseDiff.Line> lines = diff.lines();
        int shown = Math.min(lines.size(), MAX_SHOWN);
        boolean cutLines = false;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            ResponseDiff.Line line = lines.get(i);
            text.append(switch (line.change()) {
                case SAME -> "  ";
                case ADDED -> "+ ";
                case REMOVED -> "− ";
            });
            String t = line.text();
            if (t.length() > TextPreparer.Limits.LINE_BREAK) {
                text.append(t, 0, TextPreparer.Limits.LINE_BREAK).append('…');
                cutLines = true;
            } else {
                text.append(t);
            }
            text.append('\n');
        }
        String more = (shown < lines.size() ? " Showing the first " + shown + " of " + lines.size() + " lines." : "")
                + (cutLines ? " Long lines are cut." : "");
        Label summary = new Label(diff.summary() + more);
        summary.getStyleClass().addAll("diff-summary", diff.identical() ? "identical" : "changed");
        summary.setId("diff-summary");
        summary.setWrapText(true);
        CodeArea area = new CodeArea(text.toString());
        area.setEditable(false);
        area.setWrapText(true);
        for (int i = 0; i < shown; i++) {
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
