package dev.porthole.policy;

import dev.porthole.policy.path.PathPattern;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which requests a rule is about: some methods (none listed = every method) and a {@link PathPattern} (absent =
 * every path). The path is the one the local service sees, without the tunnel's {@code /<id>} prefix.
 */
public record RequestMatch(Set<String> methods, Optional<PathPattern> path) {
    private static final RequestMatch ANY = new RequestMatch(Set.of(), Optional.empty());

    public RequestMatch {
        Set<String> upper = new LinkedHashSet<>();
        int i = 0;
        for (String method : methods) {
            if (!HeaderRules.isToken(method) || method.length() > 32) {
                throw InvalidPolicyException.at("methods/" + i, "\"" + method + "\" is not an HTTP method (e.g. GET, POST)");
            }
            upper.add(method.toUpperCase(Locale.ROOT));
            i++;
        }
        methods = java.util.Collections.unmodifiableSet(upper);
    }

    /** Every request. */
    public static RequestMatch any() {
        return ANY;
    }

    /** Requests whose path matches {@code pattern}, whatever their method. */
    public static RequestMatch path(String pattern) {
        return new RequestMatch(Set.of(), Optional.of(parsePath(pattern)));
    }

    /** Requests with one of {@code methods} whose path matches {@code pattern}. */
    public static RequestMatch of(List<String> methods, String pattern) {
        return new RequestMatch(new LinkedHashSet<>(methods), Optional.of(parsePath(pattern)));
    }

    /** Requests with one of {@code methods}, whatever their path. */
    public static RequestMatch methods(List<String> methods) {
        return new RequestMatch(new LinkedHashSet<>(methods), Optional.empty());
    }

    private static PathPattern parsePath(String pattern) {
        try {
            return PathPattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            throw InvalidPolicyException.at("path", e.getMessage());
        }
    }

    public boolean isAny() {
        return methods.isEmpty() && path.isEmpty();
    }

    /** @param canonicalPath the request's path in {@link PathPattern#canonical} form */
    public boolean matches(String method, String canonicalPath) {
        return (methods.isEmpty() || methods.contains(method.toUpperCase(Locale.ROOT)))
            && path.map(p -> p.matches(canonicalPath)).orElse(true);
    }

    /** "GET /robots.txt", "every request". */
    public String describe() {
        if (isAny()) {
            return "every request";
        }
        String m = methods.isEmpty() ? "" : String.join("|", methods);
        String p = path.map(PathPattern::toString).orElse("");
        return (m + " " + p).strip();
    }
}
