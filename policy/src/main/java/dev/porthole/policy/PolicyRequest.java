package dev.porthole.policy;

import dev.porthole.protocol.HttpHeaders;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A public request as the backend received it from API Gateway, for the rules to judge.
 *
 * @param tunnelId  whose rules these are; rate limits count per tunnel
 * @param method    {@code requestContext.http.method}
 * @param path      the path the local service will see (without the stage and the tunnel's {@code /<id>} prefix)
 * @param query     the raw query string, without {@code ?}; empty when none
 * @param headers   the request headers as API Gateway reports them (lower-case names)
 * @param body      the body bytes, base64-decoded when API Gateway encoded them
 * @param sourceIp  {@code requestContext.http.sourceIp}: the address API Gateway saw, never a header the caller wrote
 * @param publicUrl the full URL the caller used, scheme to query ({@code https://abc.execute-api…/prod/my-app/sms?x=1}):
 *                  Twilio signs it. Empty when unknown, and then Twilio signatures cannot be checked.
 * @param now       when the request arrived: signature timestamps and rate limits are measured from it
 */
public record PolicyRequest(String tunnelId, String method, String path, String query, HttpHeaders headers, byte[] body,
                            String sourceIp, Optional<String> publicUrl, Instant now) {

    public PolicyRequest {
        Objects.requireNonNull(tunnelId, "tunnelId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        headers = headers == null ? HttpHeaders.EMPTY : headers;
        body = body == null ? new byte[0] : body;
        sourceIp = sourceIp == null ? "" : sourceIp;
        publicUrl = publicUrl == null ? Optional.empty() : publicUrl;
        Objects.requireNonNull(now, "now");
    }

    /** Start with what every request has; the rest defaults to empty (no query, headers, body, address or URL). */
    public static Builder builder(String tunnelId, String method, String path, Instant now) {
        return new Builder(tunnelId, method, path, now);
    }

    public static final class Builder {
        private final String tunnelId;
        private final String method;
        private final String path;
        private final Instant now;
        private String query = "";
        private HttpHeaders headers = HttpHeaders.EMPTY;
        private byte[] body = new byte[0];
        private String sourceIp = "";
        private Optional<String> publicUrl = Optional.empty();

        private Builder(String tunnelId, String method, String path, Instant now) {
            this.tunnelId = tunnelId;
            this.method = method;
            this.path = path;
            this.now = now;
        }

        public Builder query(String value) { query = value; return this; }
        public Builder headers(HttpHeaders value) { headers = value; return this; }
        public Builder body(byte[] value) { body = value; return this; }
        public Builder sourceIp(String value) { sourceIp = value; return this; }
        public Builder publicUrl(String value) { publicUrl = Optional.ofNullable(value); return this; }

        public PolicyRequest build() {
            return new PolicyRequest(tunnelId, method, path, query, headers, body, sourceIp, publicUrl, now);
        }
    }
}
