package dev.porthole.protocol;

import java.util.Objects;

/**
 * Backend → agent: a public request the tunnel's traffic rules refused or answered themselves, so it never reached
 * the agent — told to the agent so that its log shows it anyway. Best effort: the function posts it after the
 * caller has its answer (never on the way of a request the rules let through), and sends at most a few a second per
 * tunnel, counting the rest in {@link #skipped()}. It never carries a body nor a webhook secret.
 *
 * @param method     the HTTP method, as the caller sent it
 * @param target     the path and query as the local service would have seen them
 * @param headers    the caller's headers (without the tunnel password's {@code Authorization})
 * @param prefix     {@code /<tunnel-id>} when the URL named the tunnel, else empty (as {@link RequestHead#prefix()})
 * @param sourceIp   the caller's address as API Gateway reported it
 * @param receivedAt when the backend received it, in epoch milliseconds
 * @param status     the status the caller got
 * @param code       the caller's {@code X-Porthole-Error}, or null (a fixed response has none)
 * @param policy     which rule acted and why, e.g. {@code refused by rule 2 (verify-webhook): the X-Hub-Signature-256
 *                   header is missing}
 * @param skipped    how many such requests of this tunnel the function did not tell about since the last notice
 */
public record AnsweredByRule(String method, String target, HttpHeaders headers, String prefix, String sourceIp,
                             long receivedAt, int status, String code, String policy, int skipped) implements Message {
    public AnsweredByRule {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(policy, "policy");
        headers = headers == null ? HttpHeaders.EMPTY : headers;
        prefix = prefix == null ? "" : prefix;
        sourceIp = sourceIp == null ? "" : sourceIp;
    }

    /** The same notice without the caller's headers, for one whose headers would not fit a message. */
    public AnsweredByRule withoutHeaders() {
        return new AnsweredByRule(method, target, HttpHeaders.EMPTY, prefix, sourceIp, receivedAt, status, code, policy, skipped);
    }
}
