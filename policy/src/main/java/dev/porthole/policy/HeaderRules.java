package dev.porthole.policy;

/** What header names and values rules accept (RFC 9110: a name is a token; a value has no line breaks). */
final class HeaderRules {
    static final int MAX_VALUE_LENGTH = 8 * 1024;
    private static final String TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

    private HeaderRules() {
    }

    static boolean isToken(String s) {
        if (s == null || s.isEmpty() || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TOKEN_PUNCTUATION.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** @throws InvalidPolicyException at {@code field} when the name is not a token or is reserved */
    static void checkName(String field, String name) {
        if (!isToken(name)) {
            throw InvalidPolicyException.at(field, "\"" + name + "\" is not a header name (letters, digits and - only, as in X-Request-Source)");
        }
        ReservedHeaders.reason(name).ifPresent(reason -> {
            throw InvalidPolicyException.at(field, reason + "; rules cannot change it");
        });
    }

    static void checkValue(String field, String name, String value) {
        if (value == null) {
            throw InvalidPolicyException.at(field, "header " + name + " needs a value");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw InvalidPolicyException.at(field, "the value of header " + name + " is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f) {
                throw InvalidPolicyException.at(field, "the value of header " + name + " must not contain line breaks or control characters");
            }
        }
    }
}
