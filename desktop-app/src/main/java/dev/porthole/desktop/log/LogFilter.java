package dev.porthole.desktop.log;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * The log's filter: free text (matched against method, target, status, tunnel name, the agent's error and what the
 * tunnel's traffic rules did, so "refused" or "verify-webhook" finds what the rules kept out),
 * a method (null: any), a status class, and a tunnel (null: all).
 */
public record LogFilter(String text, String method, StatusClass statusClass, String tunnelKey) implements Predicate<LogEntry> {
    public static final LogFilter NONE = new LogFilter("", null, StatusClass.ALL, null);

    public LogFilter {
        text = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        statusClass = statusClass == null ? StatusClass.ALL : statusClass;
    }

    @Override
    public boolean test(LogEntry entry) {
        if (tunnelKey != null && !tunnelKey.equals(entry.tunnelKey())) {
            return false;
        }
        if (method != null && !method.equalsIgnoreCase(entry.method())) {
            return false;
        }
        if (!statusClass.matches(entry)) {
            return false;
        }
        return text.isEmpty() || contains(entry.target()) || contains(entry.method())
                || Integer.toString(entry.status()).startsWith(text) || contains(entry.tunnelName())
                || contains(entry.exchange().error()) || contains(entry.exchange().policy());
    }

    private boolean contains(String value) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(text);
    }
}
