package dev.porthole.local.iam.policy;

/**
 * IAM's wildcards: {@code *} stands for any run of characters (none included, {@code :} and {@code /} included),
 * {@code ?} for exactly one. Actions compare without regard to case, resources and condition values exactly.
 */
final class Wildcards {
    private Wildcards() {
    }

    static boolean matches(String pattern, String value, boolean ignoreCase) {
        return matches(pattern, 0, value, 0, ignoreCase);
    }

    private static boolean matches(String pattern, int p, String value, int v, boolean ignoreCase) {
        // iterative with one backtrack point, the classic glob matcher: linear for patterns with few stars
        int star = -1;
        int afterStar = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || same(pattern.charAt(p), value.charAt(v), ignoreCase))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                afterStar = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++afterStar;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
    }
}
