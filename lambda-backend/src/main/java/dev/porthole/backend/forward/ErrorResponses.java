package dev.porthole.backend.forward;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers the backend gives itself when a request cannot reach its local service: a short plain-text
 * body (what happened, then what to do), and a stable code in {@code X-Porthole-Error} for tools and tests.
 */
public final class ErrorResponses {
    public static final String ERROR_HEADER = "x-porthole-error";

    private ErrorResponses() {
    }

    public static APIGatewayV2HTTPResponse of(int status, String code, String what, String next) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/plain; charset=utf-8");
        headers.put("cache-control", "no-store");
        headers.put(ERROR_HEADER, code);
        return APIGatewayV2HTTPResponse.builder()
            .withStatusCode(status)
            .withHeaders(headers)
            .withBody(what + "\n" + next + "\n")
            .withIsBase64Encoded(false)
            .build();
    }

    static APIGatewayV2HTTPResponse unknownTunnel(String firstSegment) {
        return of(404, "tunnel-not-found",
            firstSegment.isEmpty()
                ? "Porthole: this URL names no tunnel."
                : "Porthole: there is no tunnel \"" + firstSegment + "\" on this backend.",
            "Use the public URL your Porthole app or agent shows for the tunnel, e.g. https://<host>/<tunnel-id>/.");
    }

    /**
     * A known tunnel whose agent is not connected: 503, because it is temporary — webhook senders give up on a 404 but
     * retry a 503, and {@code Retry-After} tells them when trying again makes sense (an agent reconnects in seconds;
     * a stopped tunnel comes back when its person starts it).
     */
    static APIGatewayV2HTTPResponse offline(String tunnelId) {
        APIGatewayV2HTTPResponse response = of(503, "tunnel-offline",
            "Porthole: tunnel \"" + tunnelId + "\" is offline; its agent is not connected.",
            "Start the tunnel in the Porthole app (or run the agent) and try again; the URL stays the same.");
        Map<String, String> headers = new LinkedHashMap<>(response.getHeaders());
        headers.put("retry-after", Long.toString(OFFLINE_RETRY_AFTER_SECONDS));
        response.setHeaders(headers);
        return response;
    }

    /** What an offline tunnel's {@code Retry-After} says. */
    public static final long OFFLINE_RETRY_AFTER_SECONDS = 30;

    static APIGatewayV2HTTPResponse authenticationRequired(String tunnelId) {
        APIGatewayV2HTTPResponse response = of(401, "authentication-required",
            "Porthole: tunnel \"" + tunnelId + "\" is protected by a user name and password.",
            "Ask whoever shared this URL for them; your browser will ask when you open it.");
        Map<String, String> headers = new LinkedHashMap<>(response.getHeaders());
        headers.put("www-authenticate", "Basic realm=\"Porthole tunnel " + tunnelId + "\", charset=\"UTF-8\"");
        response.setHeaders(headers);
        return response;
    }

    static APIGatewayV2HTTPResponse agentGone(String tunnelId, String detail) {
        return of(502, "agent-gone",
            "Porthole: the agent for tunnel \"" + tunnelId + "\" disconnected (" + detail + ").",
            "It usually reconnects by itself within seconds; retry the request. If it keeps failing, check the agent.");
    }

    static APIGatewayV2HTTPResponse timeout(String tunnelId, long millis) {
        return of(504, "agent-timeout",
            "Porthole: tunnel \"" + tunnelId + "\" did not answer within " + millis / 1000.0 + " s.",
            "The local service may be slow or stuck; API Gateway allows 30 s per request in all.");
    }

    static APIGatewayV2HTTPResponse requestTooLarge(String tunnelId, long size, long limit) {
        return of(413, "body-too-large",
            "Porthole: the request body (" + size + " bytes) is larger than tunnel \"" + tunnelId + "\" accepts (" + limit + " bytes).",
            "Send a smaller body, or raise PORTHOLE_MAX_BODY_BYTES on a backend you deploy yourself.");
    }

    static APIGatewayV2HTTPResponse responseTooLarge(String tunnelId, String detail) {
        return of(502, "response-too-large",
            "Porthole: the local service's response through tunnel \"" + tunnelId + "\" is too large: " + detail + ".",
            "Serve large files another way, or use the backend on this computer, which has no Lambda payload limit.");
    }

    static APIGatewayV2HTTPResponse badGateway(String tunnelId, String code, String detail) {
        return of(502, code,
            "Porthole: tunnel \"" + tunnelId + "\" could not complete the request: " + detail + ".",
            "Retry the request; if it keeps failing, restart the tunnel.");
    }

    static APIGatewayV2HTTPResponse badRequest(String detail) {
        return of(400, "bad-request", "Porthole: " + detail + ".", "Check how the request is built.");
    }
}
