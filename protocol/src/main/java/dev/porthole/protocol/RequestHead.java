package dev.porthole.protocol;

import java.util.Objects;

/**
 * A public HTTP request for the agent to forward to its local service.
 *
 * @param id       opaque to the agent; every {@link ResponseHead}, {@link BodyChunk} or {@link ErrorMessage}
 *                 about this request must carry it back unchanged
 * @param method   the HTTP method, as the caller sent it
 * @param target   the raw path and query as the caller sent them, with the tunnel ID already removed,
 *                 e.g. {@code /api/items?tag=a&tag=b}; always starts with {@code /}
 * @param headers  the caller's headers, every value kept, including {@code host} and the
 *                 {@code x-forwarded-*} headers API Gateway adds
 * @param prefix   the path prefix that routed this request to the tunnel ({@code /<tunnel-id>}), or empty
 *                 when the request arrived without it (an absolute link followed from a tunnel's page)
 * @param caughtAt when the request arrived, in epoch milliseconds, if the backend kept it while the tunnel
 *                 was offline and delivers it now (nobody waits for the answer); null for a live request
 * @param replyTo  the relay connection whose invocation waits for the answer: the agent posts its answer there
 *                 ({@link AnswerRoute}); null for a kept request, whose answer goes back on the agent's WebSocket
 * @param policy   what the tunnel's traffic rules made of the request, e.g. {@code allowed (rule 1 (request-headers))}
 *                 (never a secret); null when the tunnel has no rules
 */
public record RequestHead(String id, String method, String target, HttpHeaders headers, String prefix,
                          long bodySize, String body, boolean more, Long caughtAt, String replyTo, String policy) implements BodyHead {
    public RequestHead {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = headers == null ? HttpHeaders.EMPTY : headers;
        prefix = prefix == null ? "" : prefix;
        body = body == null ? "" : body;
        if (bodySize < 0) {
            throw new IllegalArgumentException("bodySize must not be negative");
        }
    }

    /** A live request, answered on the relay {@code replyTo}. */
    public static RequestHead live(String id, String method, String target, HttpHeaders headers, String prefix, String replyTo) {
        return new RequestHead(id, method, target, headers, prefix, 0, "", false, null, Objects.requireNonNull(replyTo, "replyTo"), null);
    }

    /** A request the backend kept while the tunnel was offline, delivered now. */
    public static RequestHead kept(String id, String method, String target, HttpHeaders headers, String prefix, long caughtAtMillis) {
        return new RequestHead(id, method, target, headers, prefix, 0, "", false, caughtAtMillis, null, null);
    }

    /** This request with what the tunnel's rules made of it ({@link #policy()}); null for none. */
    public RequestHead withPolicy(String summary) {
        return new RequestHead(id, method, target, headers, prefix, bodySize, body, more, caughtAt, replyTo, summary);
    }

    /** Whether the backend kept this request while the tunnel was offline. */
    public boolean caught() {
        return caughtAt != null;
    }

    @Override
    public RequestHead withBody(long bodySize, String body, boolean more) {
        return new RequestHead(id, method, target, headers, prefix, bodySize, body, more, caughtAt, replyTo, policy);
    }
}
