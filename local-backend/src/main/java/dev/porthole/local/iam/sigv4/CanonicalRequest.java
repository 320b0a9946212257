package dev.porthole.local.iam.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The canonical request of Signature Version 4, built from a request as received, by the rules of "Create a
 * signed AWS API request" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html),
 * for services other than Amazon S3:
 * <ul>
 * <li>CanonicalURI: the path normalized as RFC 3986 says (empty and {@code .} segments dropped, {@code ..} removes
 * the segment before), then each segment URI-encoded. Encoding the path as it arrived, which a client has already
 * encoded once, is the "encoded twice" AWS asks of non-S3 signers.</li>
 * <li>CanonicalQueryString: each name and value URI-encoded (after undoing the client's encoding), sorted by name
 * then value, joined with {@code &}; a name without a value gets an empty one.</li>
 * <li>CanonicalHeaders: the signed headers, lowercase names, values trimmed with inner runs of spaces made one,
 * repeated headers joined with commas in the order received.</li>
 * <li>HashedPayload: lowercase hex SHA-256 of the body.</li>
 * </ul>
 * URI encoding: every byte except {@code A-Z a-z 0-9 - _ . ~} becomes {@code %XY} with uppercase hex.
 */
final class CanonicalRequest {
    /** Runs of whitespace inside a header value, which the canonical form makes one space. */
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");
    private CanonicalRequest() {
    }

    static String of(SignedRequest request, String canonicalQuery, List<String> signedHeaders, String payloadHash) {
        return request.method() + "\n"
            + canonicalUri(request.rawPath()) + "\n"
            + canonicalQuery + "\n"
            + canonicalHeaders(request, signedHeaders) + "\n"
            + String.join(";", signedHeaders) + "\n"
            + payloadHash;
    }

    static String canonicalUri(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = path.split("/", -1);
        boolean trailingSlash = path.endsWith("/");
        for (int i = 0; i < parts.length; i++) {
            String segment = parts[i];
            boolean last = i == parts.length - 1;
            if (segment.isEmpty() || segment.equals(".")) {
                trailingSlash |= last && segment.equals(".");
            } else if (segment.equals("..")) {
                segments.pollLast();
                trailingSlash |= last;
            } else {
                segments.addLast(segment);
            }
        }
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            out.append('/').append(encode(segment));
        }
        return trailingSlash ? out.append('/').toString() : out.toString();
    }

    /** @param exclude a parameter left out (a presigned request's {@code X-Amz-Signature}), or null */
    static String canonicalQuery(String rawQuery, String exclude) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (Map.Entry<String, String> pair : decodedQuery(rawQuery)) {
            if (exclude == null || !pair.getKey().equals(exclude)) {
                pairs.add(Map.entry(encode(pair.getKey()), encode(pair.getValue())));
            }
        }
        pairs.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> pair : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(pair.getKey()).append('=').append(pair.getValue());
        }
        return out.toString();
    }

    /** The query's parameters with the client's percent-encoding undone ({@code +} stays a plus). */
    static List<Map.Entry<String, String>> decodedQuery(String rawQuery) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return pairs;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int equals = part.indexOf('=');
            String name = equals < 0 ? part : part.substring(0, equals);
            String value = equals < 0 ? "" : part.substring(equals + 1);
            pairs.add(Map.entry(decode(name), decode(value)));
        }
        return pairs;
    }

    private static String canonicalHeaders(SignedRequest request, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder(512);
        for (String name : signedHeaders) {
            out.append(name).append(':');
            boolean first = true;
            for (SignedRequest.Header header : request.headers()) {
                if (header.name().equalsIgnoreCase(name)) {
                    out.append(first ? "" : ",").append(trimAll(header.value()));
                    first = false;
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String trimAll(String value) {
        String stripped = value.strip();
        for (int i = 0; i < stripped.length(); i++) {
            if (Character.isWhitespace(stripped.charAt(i))) {
                return WHITESPACE.matcher(stripped).replaceAll(" ");
            }
        }
        return stripped;
    }

    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Percent-decoding; a {@code %} not followed by two hex digits is kept as it is. */
    static String decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }
}
