package dev.porthole.policy;

import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Changes to a set of headers, applied in this order: {@code remove} drops every line of the named headers,
 * {@code set} replaces every line of its headers with its own, {@code add} appends lines and keeps the ones already
 * there (as ngrok's add-headers does). So removing a header and adding it again, as the command line's
 * {@code --remove-request-header X --add-request-header "X: v"} does, leaves exactly one line.
 */
public record HeaderEdits(List<String> remove, List<Header> set, List<Header> add) {
    public HeaderEdits {
        remove = List.copyOf(remove);
        set = List.copyOf(set);
        add = List.copyOf(add);
        for (int i = 0; i < remove.size(); i++) {
            HeaderRules.checkName("remove/" + i, remove.get(i));
        }
        checkLines("set", set);
        checkLines("add", add);
        if (remove.isEmpty() && set.isEmpty() && add.isEmpty()) {
            throw InvalidPolicyException.at("", "it changes nothing: give at least one header to remove, set or add");
        }
    }

    private static void checkLines(String field, List<Header> lines) {
        for (Header line : lines) {
            String where = field + "/" + line.name().replace("~", "~0");
            HeaderRules.checkName(where, line.name());
            HeaderRules.checkValue(where, line.name(), line.value());
        }
    }

    public static HeaderEdits removing(String... names) {
        return new HeaderEdits(List.of(names), List.of(), List.of());
    }

    public static HeaderEdits setting(String name, String value) {
        return new HeaderEdits(List.of(), List.of(new Header(name, value)), List.of());
    }

    public static HeaderEdits adding(String name, String value) {
        return new HeaderEdits(List.of(), List.of(), List.of(new Header(name, value)));
    }

    /** These edits followed by {@code other}'s, as one rule. */
    public HeaderEdits and(HeaderEdits other) {
        List<String> r = new ArrayList<>(remove);
        r.addAll(other.remove);
        List<Header> s = new ArrayList<>(set);
        s.addAll(other.set);
        List<Header> a = new ArrayList<>(add);
        a.addAll(other.add);
        return new HeaderEdits(r, s, a);
    }

    public HttpHeaders applyTo(HttpHeaders headers) {
        Set<String> dropped = new LinkedHashSet<>();
        remove.forEach(name -> dropped.add(name.toLowerCase(Locale.ROOT)));
        set.forEach(line -> dropped.add(line.name().toLowerCase(Locale.ROOT)));
        List<Header> out = new ArrayList<>(headers.size() + set.size() + add.size());
        for (Header line : headers) {
            if (!dropped.contains(line.name().toLowerCase(Locale.ROOT))) {
                out.add(line);
            }
        }
        out.addAll(set);
        out.addAll(add);
        return HttpHeaders.of(out);
    }
}
