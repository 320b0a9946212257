package dev.porthole.policy.path;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A path pattern such as {@code /robots.txt}, {@code /hooks/*} or {@code /api/**}, matched segment by segment:
 * {@code *} inside a segment stands for any characters but {@code /}, and a segment that is just {@code **} for any
 * number of segments, none included (so {@code /api/**} matches {@code /api}, {@code /api/} and {@code /api/v1/x}).
 * Everything else matches itself, case-sensitively.
 *
 * <p>Paths are compared in {@link #canonical canonical form}: percent-escapes decoded, {@code .} and {@code ..}
 * segments resolved and repeated slashes collapsed, so {@code /%61dmin} and {@code //admin/./} cannot slip past
 * a rule about {@code /admin/**}. Matching takes time proportional to the pattern's length times the path's,
 * whatever the path: a caller cannot make it slow.
 */
public final class PathPattern {
    /** Longer patterns are refused: nobody needs one, and they would cost every request. */
    public static final int MAX_LENGTH = 1024;

    private final String text;
    private final List<String> segments;

    private PathPattern(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** @throws IllegalArgumentException saying what is wrong with the pattern */
    public static PathPattern parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a path pattern must not be empty; use /** for every path");
        }
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("path pattern \"" + text + "\" must start with /");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a path pattern must be at most " + MAX_LENGTH + " characters long");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '?' || c == '#' || c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("path pattern \"" + text + "\" must not contain "
                    + (c == '?' ? "a query (?)" : c == '#' ? "a fragment (#)" : "spaces or control characters"));
            }
        }
        List<String> segments = split(canonical(text));
        for (String segment : segments) {
            if (segment.contains("**") && !segment.equals("**")) {
                throw new IllegalArgumentException("path pattern \"" + text + "\": ** must be a whole segment, as in /api/**");
            }
        }
        return new PathPattern(text, segments);
    }

    /**
     * The path as rules see it: percent-escapes decoded as UTF-8 (a malformed escape is kept as written), dot segments
     * removed as RFC 3986 section 5.2.4 says, and runs of slashes collapsed into one. Always starts with {@code /}.
     */
    public static String canonical(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return canonicalText(decode(rawPath));
    }

    private static String canonicalText(String decoded) {
        Deque<String> out = new ArrayDeque<>();
        List<String> parts = split(decoded.startsWith("/") ? decoded : "/" + decoded);
        boolean trailingSlash = false;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            boolean last = i == parts.size() - 1;
            switch (part) {
                case "", "." -> trailingSlash = last;
                case ".." -> {
                    out.pollLast();
                    trailingSlash = last;
                }
                default -> {
                    out.addLast(part);
                    trailingSlash = false;
                }
            }
        }
        if (out.isEmpty()) {
            return "/";
        }
        return "/" + String.join("/", out) + (trailingSlash ? "/" : "");
    }

    /** The segments after the leading slash: "/" is [""], "/a/" is ["a", ""]. */
    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                parts.add(path.substring(start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 3;
            } else {
                int end = i + Character.charCount(raw.codePointAt(i));
                bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Whether a path already in {@link #canonical} form matches. */
    public boolean matches(String canonicalPath) {
        List<String> path = split(canonicalPath.startsWith("/") ? canonicalPath : "/" + canonicalPath);
        int p = segments.size();
        int s = path.size();
        // reachable[j]: the pattern's first i segments can match the path's first j segments
        boolean[] reachable = new boolean[s + 1];
        reachable[0] = true;
        for (int i = 0; i < p; i++) {
            String segment = segments.get(i);
            boolean[] next = new boolean[s + 1];
            if (segment.equals("**")) {
                boolean any = false;
                for (int j = 0; j <= s; j++) {
                    any |= reachable[j];
                    next[j] = any;
                }
            } else {
                for (int j = 0; j < s; j++) {
                    if (reachable[j] && glob(segment, path.get(j))) {
                        next[j + 1] = true;
                    }
                }
            }
            reachable = next;
        }
        return reachable[s];
    }

    /** {@code *} matches any run of characters; greedy with one backtrack point, linear in practice. */
    private static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathPattern other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
