package dev.porthole.backend.forward;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.ResponseHead;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An agent's answer as an HTTP API (payload format 2.0) response. Format 2.0 has one value per header, so
 * repeated headers are joined with commas (as HTTP allows) — except {@code Set-Cookie}, which cannot be
 * joined and goes in {@code cookies}, one entry per header line. The body stays text only when it is
 * textual and valid UTF-8; everything else is base64, so binary bodies pass byte for byte.
 */
final class HttpApiResponses {
    /** Connection-level headers and the length, which API Gateway sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "content-length");

    private HttpApiResponses() {
    }

    /**
     * @param extraCookies      more {@code Set-Cookie} values to add (the routing cookie)
     * @param payloadLimitBytes Lambda's response size limit, 0 for none
     * @return empty when the response would not fit in {@code payloadLimitBytes}
     */
    static Optional<APIGatewayV2HTTPResponse> from(ResponseHead head, byte[] body, List<String> extraCookies, long payloadLimitBytes) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> caseOf = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        Set<String> dropped = new java.util.HashSet<>(NOT_FORWARDED);
        head.headers().all("connection").forEach(v -> {
            for (String token : v.split(",")) {
                dropped.add(token.trim().toLowerCase(Locale.ROOT));
            }
        });
        for (Header h : head.headers()) {
            String lower = h.name().toLowerCase(Locale.ROOT);
            if (lower.equals("set-cookie")) {
                cookies.add(h.value());
            } else if (!dropped.contains(lower)) {
                String name = caseOf.computeIfAbsent(lower, k -> h.name());
                headers.merge(name, h.value(), (a, b) -> a + ", " + b);
            }
        }
        cookies.addAll(extraCookies);

        String contentType = head.headers().first("content-type").orElse("");
        boolean encoded = head.headers().first("content-encoding").filter(e -> !e.equalsIgnoreCase("identity")).isPresent();
        Optional<String> text = !encoded && isTextual(contentType) ? utf8(body) : Optional.empty();

        if (payloadLimitBytes > 0) {
            long estimate = text.map(t -> (long) t.length()).orElseGet(() -> BinaryBodyResponse.base64Length(body)) + 512L + headers.entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length() + 8).sum()
                + cookies.stream().mapToLong(c -> c.length() + 4).sum();
            if (estimate > payloadLimitBytes) {
                return Optional.empty();
            }
        }
        if (text.isEmpty()) {
            return Optional.of(new BinaryBodyResponse(head.status(), headers, cookies.isEmpty() ? null : cookies, body));
        }
        return Optional.of(APIGatewayV2HTTPResponse.builder()
            .withStatusCode(head.status())
            .withHeaders(headers)
            .withCookies(cookies.isEmpty() ? null : cookies)
            .withBody(text.get())
            .withIsBase64Encoded(false)
            .build());
    }

    static boolean isTextual(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
            || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript")
            || type.equals("application/x-www-form-urlencoded");
    }

    private static Optional<String> utf8(byte[] body) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
