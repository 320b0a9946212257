package dev.porthole.desktop.inspect;

import dev.porthole.protocol.HttpHeaders;

import java.util.ArrayList;
import java.util.List;

/** Cookies a request sent ({@code Cookie}) and a response set ({@code Set-Cookie}). */
public final class Cookies {
    private Cookies() {
    }

    /** @param attributes for a Set-Cookie: "Path=/; HttpOnly; Max-Age=3600"; empty for a request cookie */
    public record Cookie(String name, String value, String attributes) {
    }

    public static List<Cookie> sent(HttpHeaders headers) {
        List<Cookie> cookies = new ArrayList<>();
        for (String line : headers.all("Cookie")) {
            for (String pair : line.split(";")) {
                String p = pair.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                cookies.add(eq < 0 ? new Cookie(p, "", "") : new Cookie(p.substring(0, eq).strip(), p.substring(eq + 1).strip(), ""));
            }
        }
        return cookies;
    }

    public static List<Cookie> set(HttpHeaders headers) {
        List<Cookie> cookies = new ArrayList<>();
        for (String line : headers.all("Set-Cookie")) {
            int semi = line.indexOf(';');
            String first = (semi < 0 ? line : line.substring(0, semi)).strip();
            String attributes = semi < 0 ? "" : line.substring(semi + 1).strip();
            int eq = first.indexOf('=');
            cookies.add(eq < 0 ? new Cookie(first, "", attributes)
                    : new Cookie(first.substring(0, eq).strip(), first.substring(eq + 1).strip(), attributes));
        }
        return cookies;
    }
}
