package dev.porthole.policy;

import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.nio.charset.StandardCharsets;

/**
 * A response the backend gives by itself, for a {@link FixedResponse} or a {@link FallbackResponse}: a status,
 * headers and a text body (UTF-8). Without a {@code Content-Type} header the body is sent as
 * {@code text/plain; charset=utf-8}.
 */
public record StaticResponse(int status, HttpHeaders headers, String body) {
    /** Keeps a whole policy well inside its 64 KB. */
    public static final int MAX_BODY_BYTES = 32 * 1024;

    public StaticResponse {
        if (status < 200 || status > 599) {
            throw InvalidPolicyException.at("status", "status must be from 200 to 599, got " + status);
        }
        headers = headers == null ? HttpHeaders.EMPTY : headers;
        for (Header line : headers) {
            String where = "headers/" + line.name().replace("~", "~0");
            HeaderRules.checkName(where, line.name());
            HeaderRules.checkValue(where, line.name(), line.value());
        }
        body = body == null ? "" : body;
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw InvalidPolicyException.at("body", "the body is larger than " + MAX_BODY_BYTES / 1024 + " KB; serve large pages from the local service");
        }
    }

    /** {@code of(200, "User-agent: *\nDisallow: /\n")}: a plain-text answer. */
    public static StaticResponse of(int status, String body) {
        return new StaticResponse(status, HttpHeaders.EMPTY, body);
    }

    public static StaticResponse of(int status, HttpHeaders headers, String body) {
        return new StaticResponse(status, headers, body);
    }

    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The headers as sent: these plus {@code Content-Type: text/plain; charset=utf-8} when none is given. */
    public HttpHeaders effectiveHeaders() {
        return headers.contains("content-type") ? headers : headers.plus("content-type", "text/plain; charset=utf-8");
    }
}
