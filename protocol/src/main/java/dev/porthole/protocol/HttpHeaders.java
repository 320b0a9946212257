package dev.porthole.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An ordered list of header lines: every value of a repeated header is kept (three {@code Set-Cookie}
 * lines stay three), in order, with the name's case as received. On the wire it is a JSON array of
 * {@code [name, value]} pairs, the one shape that keeps all three properties.
 */
public final class HttpHeaders implements Iterable<Header> {
    public static final HttpHeaders EMPTY = new HttpHeaders(List.of());

    private final List<Header> lines;

    private HttpHeaders(List<Header> lines) {
        this.lines = List.copyOf(lines);
    }

    public static HttpHeaders of(Collection<Header> lines) {
        return lines.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(lines));
    }

    /** {@code of("Content-Type", "text/plain", "Set-Cookie", "a=1")}: alternating names and values. */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        List<Header> lines = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            lines.add(new Header(namesAndValues[i], namesAndValues[i + 1]));
        }
        return of(lines);
    }

    /** From a map of names to their values, e.g. {@link java.net.http.HttpHeaders#map()}. */
    public static HttpHeaders fromMultiMap(Map<String, ? extends Collection<String>> map) {
        List<Header> lines = new ArrayList<>();
        map.forEach((name, values) -> values.forEach(value -> lines.add(new Header(name, value))));
        return of(lines);
    }

    @JsonCreator
    static HttpHeaders fromJson(List<List<String>> pairs) {
        if (pairs == null) {
            return EMPTY;
        }
        List<Header> lines = new ArrayList<>(pairs.size());
        for (List<String> pair : pairs) {
            if (pair == null || pair.size() != 2 || pair.get(0) == null || pair.get(1) == null) {
                throw new IllegalArgumentException("each header must be a [name, value] pair of strings");
            }
            lines.add(new Header(pair.get(0), pair.get(1)));
        }
        return of(lines);
    }

    @JsonValue
    List<List<String>> toJson() {
        return lines.stream().map(h -> List.of(h.name(), h.value())).toList();
    }

    public List<Header> lines() {
        return lines;
    }

    public int size() {
        return lines.size();
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Every value of the named header, in order. */
    public List<String> all(String name) {
        return lines.stream().filter(h -> h.hasName(name)).map(Header::value).toList();
    }

    public Optional<String> first(String name) {
        return lines.stream().filter(h -> h.hasName(name)).map(Header::value).findFirst();
    }

    public boolean contains(String name) {
        return lines.stream().anyMatch(h -> h.hasName(name));
    }

    /** The distinct names, lower-cased. */
    public Set<String> names() {
        return lines.stream().map(h -> h.name().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** These lines plus one more at the end. */
    public HttpHeaders plus(String name, String value) {
        return of(Stream.concat(lines.stream(), Stream.of(new Header(name, value))).toList());
    }

    /** These lines with every line of the named header replaced by one line (added at the end if absent). */
    public HttpHeaders with(String name, String value) {
        return without(name).plus(name, value);
    }

    /** These lines without any line whose name is one of {@code names}. */
    public HttpHeaders without(String... names) {
        Set<String> lower = Stream.of(names).map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return filter(h -> !lower.contains(h.name().toLowerCase(Locale.ROOT)));
    }

    public HttpHeaders filter(Predicate<Header> keep) {
        return of(lines.stream().filter(keep).toList());
    }

    @Override
    public Iterator<Header> iterator() {
        return lines.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpHeaders other && lines.equals(other.lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    @Override
    public String toString() {
        return lines.toString();
    }
}
