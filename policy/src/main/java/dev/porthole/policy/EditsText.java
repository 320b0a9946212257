package dev.porthole.policy;

import dev.porthole.protocol.Header;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

final class EditsText {
    private EditsText() {
    }

    static String of(HeaderEdits edits) {
        List<String> parts = new ArrayList<>();
        if (!edits.remove().isEmpty()) {
            parts.add("remove " + String.join(", ", edits.remove()));
        }
        if (!edits.set().isEmpty()) {
            parts.add("set " + edits.set().stream().map(EditsText::line).collect(Collectors.joining(", ")));
        }
        if (!edits.add().isEmpty()) {
            parts.add("add " + edits.add().stream().map(EditsText::line).collect(Collectors.joining(", ")));
        }
        return String.join("; ", parts);
    }

    private static String line(Header h) {
        return h.name() + ": " + h.value();
    }
}
