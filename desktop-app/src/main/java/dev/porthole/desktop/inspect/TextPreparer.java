package dev.porthole.desktop.inspect;

import org.fxmisc.richtext.model.StyleSpans;

import java.time.Duration;
import java.util.Collection;

/** Makes {@link ShownText} from a whole text, off the UI thread: bounding, breaking long lines, colouring on a deadline. */
public final class TextPreparer {

    /**
     * How much is shown. The defaults keep one selection in the inspector to a few milliseconds of UI-thread work;
     * {@link #ALL} is for "Show all", which the person asks for.
     */
    public record Limits(int maxLines, int maxChars, Duration highlightBudget) {
        /** Longer lines are broken for display: a code area lays out each paragraph whole. */
        public static final int LINE_BREAK = 1_000;
        public static final Limits DEFAULT = new Limits(500, 50_000, Duration.ofMillis(150));
        public static final Limits ALL = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofMillis(500));
    }

    private TextPreparer() {
    }

    public static ShownText prepare(String text, BodyKind kind, Limits limits) {
        if (text.isEmpty()) {
            return ShownText.EMPTY;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length() + 64, limits.maxChars() == Integer.MAX_VALUE
                ? text.length() + text.length() / Limits.LINE_BREAK + 16 : limits.maxChars() + 64));
        int totalLines = 0;
        int shownLines = 0;
        int broken = 0;
        boolean cut = false;
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int end = text.indexOf('\n', start);
            boolean last = end < 0;
            if (last) {
                end = n;
            }
            if (last && start == n && totalLines > 0) {
                break; // a trailing newline does not start another line
            }
            totalLines++;
            if (!cut) {
                int length = end - start;
                if (shownLines >= limits.maxLines() || out.length() + Math.min(length, Limits.LINE_BREAK) > limits.maxChars()) {
                    cut = true;
                } else {
                    if (shownLines > 0) {
                        out.append('\n');
                    }
                    if (length > Limits.LINE_BREAK) {
                        broken++;
                        for (int p = start; p < end; p += Limits.LINE_BREAK) {
                            if (out.length() + Limits.LINE_BREAK > limits.maxChars() && p > start) {
                                cut = true;
                                break;
                            }
                            if (p > start) {
                                out.append('\n');
                            }
                            out.append(text, p, Math.min(end, p + Limits.LINE_BREAK));
                        }
                    } else {
                        out.append(text, start, end);
                    }
                    shownLines++;
                }
            }
            if (last) {
                break;
            }
            start = end + 1;
        }
        String shown = out.toString();
        StyleSpans<Collection<String>> spans = null;
        boolean stopped = false;
        if (kind == BodyKind.JSON || kind == BodyKind.XML || kind == BodyKind.HTML) {
            spans = kind == BodyKind.JSON ? Highlighter.json(shown, limits.highlightBudget())
                    : Highlighter.xml(shown, limits.highlightBudget());
            stopped = spans == null;
        }
        return new ShownText(shown, spans, kind, text.length(), totalLines, shownLines, broken, cut, stopped);
    }
}
