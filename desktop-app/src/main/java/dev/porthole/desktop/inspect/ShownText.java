package dev.porthole.desktop.inspect;

import org.fxmisc.richtext.model.StyleSpans;

import java.util.Collection;
import java.util.Locale;

/**
 * Text as the inspector shows it: bounded, so showing it costs the UI thread a few milliseconds whatever the body
 * (a code area lays a paragraph out whole, and a one-line megabyte took minutes). Lines longer than the limit are
 * broken for display; past the line or character limit the rest is left for "Show all".
 *
 * @param text        what the code area gets
 * @param highlight   syntax colours for {@code text}, or null (not a highlighted kind, or it ran out of time)
 * @param totalLines  lines of the whole text, before breaking
 * @param shownLines  lines of the whole text that are in {@code text} (a broken line counts once)
 * @param brokenLines lines that were broken because they were too long
 * @param cut         {@code text} holds only the start of the whole text
 * @param highlightStopped highlighting was wanted but stopped at its time limit
 */
public record ShownText(String text, StyleSpans<Collection<String>> highlight, BodyKind kind, long totalChars,
                        int totalLines, int shownLines, int brokenLines, boolean cut, boolean highlightStopped) {

    public static final ShownText EMPTY = new ShownText("", null, BodyKind.EMPTY, 0, 0, 0, 0, false, false);

    /** Whether the text shown differs from the body (cut or broken): then the person is offered the whole of it. */
    public boolean bounded() {
        return cut || brokenLines > 0;
    }

    /** What the person should know about how it is shown, or empty. */
    public String notice() {
        StringBuilder s = new StringBuilder();
        if (cut) {
            s.append(totalLines == 1 || shownLines == totalLines
                    ? String.format(Locale.ROOT, "Showing the first %s of %s.", Sizes.format(text.length()), Sizes.format(totalChars))
                    : String.format(Locale.ROOT, "Showing the first %,d of %,d lines (%s of %s).", shownLines, totalLines,
                    Sizes.format(text.length()), Sizes.format(totalChars)));
        }
        if (brokenLines > 0) {
            s.append(s.isEmpty() ? "" : " ").append(totalLines == 1
                    ? String.format(Locale.ROOT, "It is one line, broken every %,d characters for display.", TextPreparer.Limits.LINE_BREAK)
                    : String.format(Locale.ROOT, "%,d long %s broken every %,d characters for display.",
                    brokenLines, brokenLines == 1 ? "line is" : "lines are", TextPreparer.Limits.LINE_BREAK));
        }
        if (highlightStopped) {
            s.append(s.isEmpty() ? "" : " ").append("Colouring stopped part way, to keep the window responsive.");
        }
        return s.toString();
    }
}
