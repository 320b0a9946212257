package dev.porthole.desktop.inspect;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the inspector hands the UI thread is bounded, whatever the body. */
class TextPreparerTest {

    @Test
    void a_short_text_is_shown_exactly_as_it_is() {
        String text = "{\n  \"a\" : 1\n}\n";
        ShownText shown = TextPreparer.prepare(text, BodyKind.JSON, TextPreparer.Limits.DEFAULT);
        assertThat(shown.text()).isEqualTo("{\n  \"a\" : 1\n}");
        assertThat(shown.bounded()).isFalse();
        assertThat(shown.notice()).isEmpty();
        assertThat(shown.highlight()).isNotNull();
        assertThat(shown.highlight().length()).isEqualTo(shown.text().length());
    }

    @Test
    void a_megabyte_on_one_line_is_broken_and_cut() {
        String oneLine = "0123456789".repeat(100_000);
        ShownText shown = TextPreparer.prepare(oneLine, BodyKind.TEXT, TextPreparer.Limits.DEFAULT);
        assertThat(shown.text().length()).isLessThanOrEqualTo(TextPreparer.Limits.DEFAULT.maxChars());
        assertThat(shown.text().lines()).allMatch(l -> l.length() <= TextPreparer.Limits.LINE_BREAK);
        assertThat(shown.text().replace("\n", "")).isEqualTo(oneLine.substring(0, shown.text().replace("\n", "").length()));
        assertThat(shown.cut()).isTrue();
        assertThat(shown.brokenLines()).isEqualTo(1);
        assertThat(shown.notice()).startsWith("Showing the first ").contains(" of 976.6 KB.").contains("one line, broken every 1,000 characters");
    }

    @Test
    void many_lines_are_cut_at_the_line_limit() {
        StringBuilder pretty = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            pretty.append("  \"key").append(i).append("\" : ").append(i).append(",\n");
        }
        ShownText shown = TextPreparer.prepare(pretty.toString(), BodyKind.JSON, TextPreparer.Limits.DEFAULT);
        assertThat(shown.shownLines()).isEqualTo(TextPreparer.Limits.DEFAULT.maxLines());
        assertThat(shown.text().lines().count()).isEqualTo(TextPreparer.Limits.DEFAULT.maxLines());
        assertThat(shown.totalLines()).isEqualTo(200_000);
        assertThat(shown.notice()).contains("first 500 of 200,000 lines");
    }

    @Test
    void show_all_keeps_every_character_and_only_breaks_long_lines() {
        String text = "a".repeat(2_500) + "\nshort\n" + "b".repeat(10);
        ShownText all = TextPreparer.prepare(text, BodyKind.TEXT, TextPreparer.Limits.ALL);
        assertThat(all.cut()).isFalse();
        assertThat(all.text()).isEqualTo("a".repeat(1_000) + "\n" + "a".repeat(1_000) + "\n" + "a".repeat(500) + "\nshort\n" + "b".repeat(10));
        assertThat(all.shownLines()).isEqualTo(3);
    }

    @Test
    void colouring_stops_at_its_deadline_and_says_so() {
        // an XML comment opened again and again and never closed: the lazy match scans to the end each time
        String unlucky = "<!--".repeat(20_000) + "x".repeat(50_000);
        long started = System.nanoTime();
        ShownText shown = TextPreparer.prepare(unlucky, BodyKind.XML,
                new TextPreparer.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofMillis(50)));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(shown.highlight()).isNull();
        assertThat(shown.highlightStopped()).isTrue();
        assertThat(shown.notice()).contains("Colouring stopped");
        System.out.println("Colouring of the unlucky XML stopped after " + tookMs + " ms (budget 50 ms)");
    }
}
