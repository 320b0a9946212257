package dev.porthole.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porthole.local.lambda.LambdaRuntime;
import dev.porthole.local.quota.Quotas;
import dev.porthole.local.wiring.HttpApiWiring;
import dev.porthole.protocol.RawStringParser;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The public HTTP API with one {@code $default} route and a Lambda proxy integration: builds the event in the
 * template's payload format, waits up to the integration timeout (then 503, as API Gateway), and maps the
 * function's answer back — 500 when it failed or answered nonsense.
 */
final class HttpApi extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());
    /** HTTP APIs accept payloads up to 10 MB. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    private static final Set<String> NOT_MAPPED = Set.of("content-length", "transfer-encoding", "connection", "keep-alive");
    /** Connection-level request headers: API Gateway ends the caller's connection and never passes these on. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "http2-settings");

    private final ApiGatewayEvents.Api api;
    private final HttpApiWiring wiring;
    private final String payloadFormatVersion;
    private final LambdaRuntime lambda;
    private final Duration integrationTimeout;
    private final Quotas quotas;

    HttpApi(ApiGatewayEvents.Api api, HttpApiWiring wiring, LambdaRuntime lambda, Duration integrationTimeout, Quotas quotas) {
        this.payloadFormatVersion = wiring.payloadFormatVersion();
        if (!payloadFormatVersion.equals("2.0") && !payloadFormatVersion.equals("1.0")) {
            throw new IllegalArgumentException("unknown payload format version " + payloadFormatVersion);
        }
        this.api = api;
        this.wiring = wiring;
        this.lambda = lambda;
        this.integrationTimeout = integrationTimeout;
        this.quotas = quotas;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "=";
        response.getHeaders().put("apigw-requestid", requestId);
        if (!quotas.httpRouteRequest(wiring.apiId(), "$default", wiring.throttle())) {
            // the stage's (or the account's) throttle: the function never sees the request
            JsonResponses.message(response, callback, 429, "Too Many Requests");
            return true;
        }
        byte[] body;
        try {
            body = RequestBodies.read(request, MAX_PAYLOAD_BYTES);
        } catch (IOException e) {
            // the body stopped arriving (or the caller went away): nothing reached the function
            response.getHeaders().put("Connection", "close");
            JsonResponses.message(response, callback, 408, "Request Timeout");
            return true;
        }
        if (body.length > MAX_PAYLOAD_BYTES) {
            JsonResponses.message(response, callback, 413, "Request Entity Too Large");
            return true;
        }
        PublicRequest publicRequest;
        try {
            publicRequest = PublicRequest.of(request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                headers(request), body, Request.getRemoteAddr(request), request.getConnectionMetaData().getProtocol());
        } catch (IllegalArgumentException e) {
            JsonResponses.message(response, callback, 400, "Bad Request");
            return true;
        }
        ObjectNode event = payloadFormatVersion.equals("2.0")
            ? ApiGatewayEvents.httpV2(api, publicRequest, requestId)
            : ApiGatewayEvents.httpV1(api, publicRequest, requestId);
        byte[] output;
        try {
            output = lambda.invoke(ApiGatewayEvents.JSON.writeValueAsBytes(event)).get(integrationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            JsonResponses.message(response, callback, 503, "Service Unavailable");
            return true;
        } catch (ExecutionException e) {
            // Lambda refused the invocation (throttled, too large) or the function failed: API Gateway answers 500 either way
            JsonResponses.message(response, callback, 500, "Internal Server Error");
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            JsonResponses.message(response, callback, 503, "Service Unavailable");
            return true;
        }
        try {
            write(output, response, callback);
        } catch (IllegalArgumentException | IOException e) {
            LOG.log(System.Logger.Level.WARNING, "the function's response could not be mapped: {0}", e.getMessage());
            JsonResponses.message(response, callback, 500, "Internal Server Error");
        }
        return true;
    }

    /** Maps the function's output, including format 2.0's inference for output without a statusCode. */
    private void write(byte[] output, Response response, Callback callback) throws IOException {
        // a large body (base64) is taken from the bytes as it is, not decoded character by character
        JsonNode result = ApiGatewayEvents.JSON.readTree(RawStringParser.over(ApiGatewayEvents.JSON.getFactory(), output));
        if (result == null || !result.isObject() || !result.has("statusCode")) {
            if (!payloadFormatVersion.equals("2.0")) {
                throw new IllegalArgumentException("a format 1.0 response needs a statusCode");
            }
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "application/json");
            byte[] body = result != null && result.isTextual() ? result.asText().getBytes(StandardCharsets.UTF_8) : output;
            response.write(true, ByteBuffer.wrap(body), callback);
            return;
        }
        JsonNode statusCode = result.get("statusCode");
        if (!statusCode.canConvertToInt() || statusCode.asInt() < 100 || statusCode.asInt() > 599) {
            throw new IllegalArgumentException("statusCode " + statusCode + " is not an HTTP status");
        }
        response.setStatus(statusCode.asInt());
        result.path("headers").properties().forEach(h -> {
            String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("date")) {
                response.getHeaders().put(h.getKey(), h.getValue().asText()); // replaces the gateway's own
            } else if (!NOT_MAPPED.contains(name)) {
                response.getHeaders().add(h.getKey(), h.getValue().asText());
            }
        });
        if (payloadFormatVersion.equals("1.0")) {
            result.path("multiValueHeaders").properties().forEach(h -> h.getValue().forEach(v -> response.getHeaders().add(h.getKey(), v.asText())));
        } else {
            result.path("cookies").forEach(c -> response.getHeaders().add("Set-Cookie", c.asText()));
        }
        String bodyText = result.path("body").isNull() ? "" : result.path("body").asText("");
        byte[] body = result.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(bodyText) : bodyText.getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * A header value as the text API Gateway puts in the event: its bytes read as UTF-8, a sequence that is not UTF-8
     * becoming U+FFFD. Jetty hands over each byte as one character (ISO-8859-1), so that is undone first.
     */
    static String asUtf8(String latin1) {
        boolean ascii = true;
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            if (c > 0xFF) {
                return latin1; // already text, not bytes
            }
            ascii &= c < 0x80;
        }
        return ascii ? latin1 : new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            if (!HOP_BY_HOP.contains(field.getLowerCaseName())) {
                headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(asUtf8(field.getValue()));
            }
        }
        // what API Gateway adds in front of the function
        headers.computeIfAbsent("x-forwarded-for", k -> new ArrayList<>()).add(Request.getRemoteAddr(request));
        headers.put("x-forwarded-port", List.of(Integer.toString(Request.getLocalPort(request))));
        headers.put("x-forwarded-proto", List.of(request.isSecure() ? "https" : "http"));
        headers.put("x-amzn-trace-id", List.of("Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 24)));
        return headers;
    }
}
