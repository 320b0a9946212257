package dev.porthole.agent.forward;

import dev.porthole.protocol.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The short plain-text pages the agent answers with when the local service cannot: what happened, where, and
 * what to do. Each carries an {@code X-Porthole-Error} code, like the backend's own error pages, so scripts
 * can tell an agent's 502 from the application's.
 */
public final class ErrorPages {
    public static final String ERROR_HEADER = "X-Porthole-Error";

    private ErrorPages() {
    }

    /** The local service refused the connection (nothing listens on the port) or could not be reached. */
    static LocalResponse refused(String local, String detail, Instant sentAt) {
        String error = "the local service at " + local + " refused the connection (" + detail + ")";
        return page(502, "Bad Gateway", "local-refused", error,
            "Porthole could not connect to the local service at " + local + " (" + detail + ").\n"
                + "Start it, or check the port the tunnel forwards to, then try again.", sentAt);
    }

    /** The local service did not answer in time. */
    static LocalResponse timeout(String local, long millis, Instant sentAt) {
        String error = "the local service at " + local + " did not answer within " + millis + " ms";
        return page(504, "Gateway Timeout", "local-timeout", error,
            "The local service at " + local + " did not answer within " + millis + " ms.", sentAt);
    }

    /** The local service's response is larger than the backend can carry. */
    static LocalResponse tooLarge(String local, long limit, Instant sentAt, Instant answeredAt) {
        String error = "the local service's response is larger than the " + limit + "-byte limit";
        LocalResponse page = page(502, "Bad Gateway", "response-too-large", error,
            "The response from the local service at " + local + " was too large to send through the tunnel: "
                + "the limit is " + limit + " bytes.", sentAt);
        return new LocalResponse(page.status(), page.headers(), page.body(), error, sentAt, answeredAt);
    }

    /**
     * The connection closed (or broke) before the response was whole. The request is not sent again: the local
     * service may have received it and acted on it, and only the caller can tell whether a second one is safe.
     */
    static LocalResponse closed(String local, String detail, Instant sentAt) {
        String error = "the local service at " + local + " did not complete its response: " + detail;
        return page(502, "Bad Gateway", "local-closed", error,
            "The local service at " + local + " did not complete its response: " + detail + ".\n"
                + "Porthole did not send the request again, since the local service may have received it. "
                + "Check the service's log (did it crash or restart?), then send the request again if that is safe.", sentAt);
    }

    /** The local service answered with something the tunnel cannot pass on as an HTTP response. */
    static LocalResponse badResponse(String local, String detail, Instant sentAt) {
        String error = "the local service at " + local + " sent a response the tunnel cannot pass on: " + detail;
        return page(502, "Bad Gateway", "bad-local-response", error,
            "The local service at " + local + " sent a response Porthole cannot pass on: " + detail + ".", sentAt);
    }

    /** The agent itself could not finish (it was stopped while the request was under way). */
    static LocalResponse failed(String local, String detail, Instant sentAt) {
        String error = "the request to the local service at " + local + " did not finish: " + detail;
        return page(502, "Bad Gateway", "local-error", error,
            "Porthole could not get a response from the local service at " + local + ": " + detail + ".", sentAt);
    }

    /** The request cannot be sent as HTTP/1.1 (for example CONNECT, or a malformed target). */
    static LocalResponse unsendable(String detail, Instant at) {
        String error = "the request cannot be forwarded: " + detail;
        return page(400, "Bad Request", "bad-request", error, "Porthole cannot forward this request: " + detail + ".", at);
    }

    /** Every forwarding slot and the whole queue are taken. */
    public static LocalResponse busy(int concurrency, int queued, Instant at) {
        String error = "the agent is busy: " + concurrency + " requests in progress and " + queued + " waiting";
        return page(503, "Service Unavailable", "agent-busy", error,
            "The Porthole agent is busy (" + concurrency + " requests in progress, " + queued
                + " waiting). Try again shortly.", at);
    }

    private static LocalResponse page(int status, String reason, String code, String error, String text, Instant at) {
        byte[] body = (status + " " + reason + "\n\n" + text + "\n").getBytes(StandardCharsets.UTF_8);
        HttpHeaders headers = HttpHeaders.of(
            "Content-Type", "text/plain; charset=utf-8",
            "Content-Length", Integer.toString(body.length),
            "Cache-Control", "no-store",
            ERROR_HEADER, code);
        return new LocalResponse(status, headers, body, error, at, null);
    }
}
