package dev.porthole.local.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A public request in the terms an HTTP API event uses: the path URL-decoded (and cut at a decoded
 * {@code ?}, as API Gateway does), header names lower-cased, {@code Cookie} split into single cookies, and
 * the body either as text or base64 depending on its content type.
 *
 * @param headers   lower-cased names to their values in order, without {@code cookie}
 */
record PublicRequest(String method, String decodedPath, String rawQuery, Map<String, List<String>> headers,
                     List<String> cookies, byte[] body, String sourceIp, String protocol) {

    /** Only these content types arrive as text; everything else (no type and forms included) is base64. */
    private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/xml", "application/javascript");

    /** @throws IllegalArgumentException if the path's percent-encoding is malformed */
    static PublicRequest of(String method, String rawPath, String rawQuery, Map<String, List<String>> rawHeaders,
                            byte[] body, String sourceIp, String protocol) {
        String decoded = percentDecode(rawPath);
        int question = decoded.indexOf('?');
        if (question >= 0) {
            decoded = decoded.substring(0, question);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        rawHeaders.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String value : values) {
                    for (String cookie : value.split(";")) {
                        String c = cookie.trim();
                        // API Gateway drops cookies without a name
                        if (!c.isEmpty() && !c.startsWith("=")) {
                            cookies.add(c);
                        }
                    }
                }
            } else {
                headers.computeIfAbsent(lower, k -> new ArrayList<>()).addAll(values);
            }
        });
        return new PublicRequest(method, decoded, rawQuery == null ? "" : rawQuery, headers, cookies, body, sourceIp, protocol);
    }

    /** Repeated headers joined with commas, as format 2.0 delivers them. */
    Map<String, String> joinedHeaders() {
        Map<String, String> joined = new LinkedHashMap<>();
        headers.forEach((name, values) -> joined.put(name, String.join(",", values)));
        return joined;
    }

    Map<String, List<String>> query() {
        return QueryStrings.parse(rawQuery);
    }

    Map<String, String> joinedQuery() {
        Map<String, String> joined = new LinkedHashMap<>();
        query().forEach((name, values) -> joined.put(name, String.join(",", values)));
        return joined;
    }

    boolean bodyIsBase64() {
        String type = headers.getOrDefault("content-type", List.of("")).get(0).toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        return !(type.startsWith("text/") || TEXT_TYPES.contains(type));
    }

    /**
     * Puts the body in an event as {@code body}: text as text, anything else as base64 (standard alphabet with
     * padding, no line breaks, as API Gateway encodes it), which the JDK's encoder writes from the bytes and Jackson
     * copies into the event's JSON as it is: no String of several megabytes in between, and no pass checking its
     * characters for escaping (base64 has none to escape).
     */
    void putBody(ObjectNode event) {
        if (bodyIsBase64()) {
            event.putPOJO("body", new Base64Text(body));
        } else {
            event.put("body", new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String percentDecode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated percent-encoding in the path");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid percent-encoding in the path");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Bytes that go into JSON as their base64 text. */
    private record Base64Text(byte[] bytes) implements JsonSerializable {
        @Override
        public void serialize(JsonGenerator json, SerializerProvider provider) throws IOException {
            byte[] text = Base64.getEncoder().encode(bytes);
            json.writeRawUTF8String(text, 0, text.length);
        }

        @Override
        public void serializeWithType(JsonGenerator json, SerializerProvider provider, TypeSerializer types) throws IOException {
            serialize(json, provider);
        }
    }
}
