package dev.porthole.agent.forward.http;

/**
 * What may appear where on an HTTP/1.1 wire (RFC 9110 section 5.6.2 and 5.5, RFC 9112 section 3.2): the one place
 * these rules are written, for the request the client sends and the headers the forwarder lets through.
 */
public final class Wire {
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private Wire() {
    }

    /** A token: a method or a header name. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && TCHAR_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A header value the client can write: any character but the control characters (tab excepted). Characters
     * beyond ASCII are written as their UTF-8 bytes, which HTTP allows as obs-text.
     */
    public static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** A request target as it goes on the request line: visible ASCII only. */
    static boolean isTarget(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }
}
