package dev.porthole.policy.engine;

import dev.porthole.protocol.HttpHeaders;

import java.nio.charset.StandardCharsets;

/** A response the backend sends by itself because of a rule: a refusal, a fixed response or a fallback. */
public record PolicyResponse(int status, HttpHeaders headers, byte[] body) {
    /** The body as text (every policy response is UTF-8 text). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
