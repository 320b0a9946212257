package dev.porthole.desktop.replay;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.desktop.inspect.Bodies;
import dev.porthole.desktop.inspect.BodyView;
import dev.porthole.desktop.inspect.StatusText;
import dev.porthole.protocol.Header;

import java.util.ArrayList;
import java.util.List;

/**
 * What changed between the original response and its replay: status line, headers and body, line by line, with
 * JSON and XML pretty-printed first so a changed field shows as one line. {@code Date} headers are left out:
 * they always differ. Each side is compared up to {@value #MAX_LINES} lines, so a diff of megabytes stays quick.
 */
public record ResponseDiff(List<Line> lines, int added, int removed, boolean statusChanged) {

    public enum Change { SAME, ADDED, REMOVED }

    static final int MAX_LINES = 5_000;

    public record Line(Change change, String text) {
    }

    public boolean identical() {
        return added == 0 && removed == 0;
    }

    public String summary() {
        if (identical()) {
            return "Same response as the original (Date headers aside).";
        }
        return (statusChanged ? "Status changed. " : "") + removed + " line" + (removed == 1 ? "" : "s") + " removed, "
                + added + " added.";
    }

    public static ResponseDiff between(CapturedResponse original, CapturedResponse replayed) {
        List<String> before = lines(original);
        List<String> after = lines(replayed);
        Patch<String> patch = DiffUtils.diff(before, after);
        List<Line> out = new ArrayList<>();
        int added = 0;
        int removed = 0;
        int pos = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            int start = delta.getSource().getPosition();
            for (; pos < start; pos++) {
                out.add(new Line(Change.SAME, before.get(pos)));
            }
            for (String l : delta.getSource().getLines()) {
                out.add(new Line(Change.REMOVED, l));
                removed++;
            }
            for (String l : delta.getTarget().getLines()) {
                out.add(new Line(Change.ADDED, l));
                added++;
            }
            pos = start + delta.getSource().size();
        }
        for (; pos < before.size(); pos++) {
            out.add(new Line(Change.SAME, before.get(pos)));
        }
        boolean statusChanged = original == null || replayed == null || original.status() != replayed.status();
        return new ResponseDiff(out, added, removed, statusChanged);
    }

    static List<String> lines(CapturedResponse response) {
        List<String> lines = new ArrayList<>();
        if (response == null) {
            lines.add("(no response)");
            return lines;
        }
        lines.add("HTTP " + response.status() + " " + StatusText.of(response.status()));
        for (Header h : response.headers()) {
            if (!h.hasName("Date")) {
                // names compared as HTTP does, without case (HTTP/2 and many clients lower-case them)
                lines.add(h.name().toLowerCase(java.util.Locale.ROOT) + ": " + h.value());
            }
        }
        lines.add("");
        BodyView body = Bodies.view(response.headers(), response.body());
        switch (body) {
            case BodyView.Text t -> lines.addAll(t.text().lines().limit(MAX_LINES).toList());
            case BodyView.Binary b -> lines.addAll(b.hexDump().lines().limit(MAX_LINES).toList());
            case BodyView.Form f -> f.fields().forEach(field -> lines.add(field.name() + " = " + field.value()));
            case BodyView.Image i -> lines.add("(image, " + i.bytes().length + " bytes, hash " + java.util.Arrays.hashCode(i.bytes()) + ")");
            case BodyView.Empty e -> lines.add("(no body)");
        }
        if (lines.size() > MAX_LINES) {
            lines.subList(MAX_LINES, lines.size()).clear();
            lines.add("(… not compared past " + MAX_LINES + " lines)");
        }
        return lines;
    }
}
