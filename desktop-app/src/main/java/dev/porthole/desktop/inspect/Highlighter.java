package dev.porthole.desktop.inspect;

import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Syntax colouring for the body viewer: style classes over ranges of text, for RichTextFX. Bounded in time: a regular
 * expression can take long on unlucky input (an XML comment that never closes, say), so matching stops at a deadline
 * — even inside one match — and the text is then shown without colours.
 */
public final class Highlighter {
    private static final Pattern JSON = Pattern.compile(
            "(?<KEY>\"(?:[^\"\\\\]|\\\\.)*\"(?=\\s*:))"
                    + "|(?<STRING>\"(?:[^\"\\\\]|\\\\.)*\")"
                    + "|(?<NUMBER>-?\\b\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b)"
                    + "|(?<LITERAL>\\b(?:true|false|null)\\b)"
                    + "|(?<PUNCT>[{}\\[\\],:])");
    private static final Pattern XML = Pattern.compile(
            "(?<COMMENT><!--[\\s\\S]*?-->)"
                    + "|(?<CDATA><!\\[CDATA\\[[\\s\\S]*?]]>)"
                    + "|(?<DECL><\\?[\\s\\S]*?\\?>|<![A-Za-z][^>]*>)"
                    + "|(?<TAG></?[A-Za-z_][\\w:.\\-]*|/?>)"
                    + "|(?<ATTR>\\b[A-Za-z_][\\w:.\\-]*(?=\\s*=\\s*[\"']))"
                    + "|(?<VALUE>\"[^\"]*\"|'[^']*')");
    private static final List<String> JSON_GROUPS = List.of("KEY", "STRING", "NUMBER", "LITERAL", "PUNCT");
    private static final List<String> XML_GROUPS = List.of("COMMENT", "CDATA", "DECL", "TAG", "ATTR", "VALUE");

    private Highlighter() {
    }

    /** Colours for JSON, or null when {@code budget} ran out first. */
    public static StyleSpans<Collection<String>> json(String text, Duration budget) {
        return spans(text, JSON, JSON_GROUPS, budget);
    }

    /** XML and HTML; attribute values are only coloured inside tags because the text between tags is plain. Null when out of time. */
    public static StyleSpans<Collection<String>> xml(String text, Duration budget) {
        return spans(text, XML, XML_GROUPS, budget);
    }

    private static StyleSpans<Collection<String>> spans(String text, Pattern pattern, List<String> groups, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        Matcher m = pattern.matcher(new Deadline(text, deadline));
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        int last = 0;
        try {
            while (m.find()) {
                String style = null;
                for (String g : groups) {
                    if (m.start(g) >= 0) {
                        style = "hl-" + g.toLowerCase(java.util.Locale.ROOT);
                        break;
                    }
                }
                spans.add(List.of(), m.start() - last);
                spans.add(List.of(style), m.end() - m.start());
                last = m.end();
            }
        } catch (Deadline.Passed e) {
            return null;
        }
        spans.add(List.of(), text.length() - last);
        return spans.create();
    }

    /** The text, for the matcher, that stops the matching once its deadline has passed (checked every few reads). */
    private static final class Deadline implements CharSequence {
        private final String text;
        private final long deadline;
        private int reads;

        Deadline(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
                throw new Passed();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }

        static final class Passed extends RuntimeException {
            Passed() {
                super(null, null, false, false);
            }
        }
    }
}
