package dev.porthole.desktop.inspect;

import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Syntax colouring for the body viewer: style classes over ranges of text, for RichTextFX. */
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

    private Highlighter() {
    }

    public static StyleSpans<Collection<String>> json(String text) {
        return spans(text, JSON, List.of("KEY", "STRING", "NUMBER", "LITERAL", "PUNCT"));
    }

    /** XML and HTML; attribute values are only coloured inside tags because the text between tags is plain. */
    public static StyleSpans<Collection<String>> xml(String text) {
        return spans(text, XML, List.of("COMMENT", "CDATA", "DECL", "TAG", "ATTR", "VALUE"));
    }

    private static StyleSpans<Collection<String>> spans(String text, Pattern pattern, List<String> groups) {
        Matcher m = pattern.matcher(text);
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        int last = 0;
        while (m.find()) {
            String style = null;
            for (String g : groups) {
                if (m.group(g) != null) {
                    style = "hl-" + g.toLowerCase(java.util.Locale.ROOT);
                    break;
                }
            }
            spans.add(List.of(), m.start() - last);
            spans.add(List.of(style), m.end() - m.start());
            last = m.end();
        }
        spans.add(List.of(), text.length() - last);
        return spans.create();
    }
}
