package dev.porthole.desktop.inspect;

import dev.porthole.desktop.inspect.BodyView.FormField;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Form bodies, field by field. */
public final class FormFields {
    private FormFields() {
    }

    /** {@code a=1&b=x+y}: also used for query strings. Malformed escapes are shown as written. */
    public static List<FormField> urlEncoded(String text) {
        List<FormField> fields = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.add(new FormField(decode(name), decode(value), null, null));
        }
        return fields;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** {@code multipart/form-data}: text parts with their value, file parts described by name, type and size. */
    public static List<FormField> multipart(byte[] body, String boundary) {
        List<FormField> fields = new ArrayList<>();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            int next = indexOf(body, delimiter, start);
            int end = next < 0 ? body.length : next;
            byte[] part = Arrays.copyOfRange(body, start, end);
            FormField field = part(part);
            if (field != null) {
                fields.add(field);
            }
            pos = next;
        }
        return fields;
    }

    private static FormField part(byte[] part) {
        String raw = new String(part, StandardCharsets.ISO_8859_1);
        int headersEnd = raw.indexOf("\r\n\r\n");
        int sep = 4;
        if (headersEnd < 0) {
            headersEnd = raw.indexOf("\n\n");
            sep = 2;
        }
        if (headersEnd < 0) {
            return null;
        }
        String headers = raw.substring(0, headersEnd);
        int contentStart = headersEnd + sep;
        int contentEnd = part.length;
        if (contentEnd >= 2 && part[contentEnd - 2] == '\r' && part[contentEnd - 1] == '\n') {
            contentEnd -= 2;
        } else if (contentEnd >= 1 && part[contentEnd - 1] == '\n') {
            contentEnd -= 1;
        }
        byte[] content = Arrays.copyOfRange(part, Math.min(contentStart, contentEnd), contentEnd);
        String name = null;
        String fileName = null;
        String type = null;
        for (String line : headers.split("\r?\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:")) {
                String value = line.substring(line.indexOf(':') + 1);
                name = Bodies.parameter(value, "name");
                fileName = Bodies.parameter(value, "filename");
            } else if (lower.startsWith("content-type:")) {
                type = line.substring(line.indexOf(':') + 1).strip();
            }
        }
        if (name == null) {
            return null;
        }
        String value = fileName != null || (type != null && !Bodies.mimeType(type).startsWith("text/"))
                ? "(" + Sizes.format(content.length) + (type == null ? "" : ", " + type) + ")"
                : new String(content, StandardCharsets.UTF_8);
        return new FormField(new String(name.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), value,
                fileName == null ? null : new String(fileName.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), type);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
