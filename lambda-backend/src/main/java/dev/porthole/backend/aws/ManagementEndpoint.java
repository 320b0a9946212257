package dev.porthole.backend.aws;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The API Gateway Management API ({@code @connections}) lives on the WebSocket API's host and stage but
 * speaks HTTPS, not WSS: the seed passed {@code wss://…} to its SDK client and every post failed with
 * "unsupported scheme wss" (seed bug #3). This is the one place the endpoint is derived.
 */
public final class ManagementEndpoint {
    private ManagementEndpoint() {
    }

    /** {@code wss://abc.execute-api.eu-west-1.amazonaws.com/prod} → {@code https://abc.execute-api.eu-west-1.amazonaws.com/prod}. */
    public static URI fromWebSocketUrl(URI websocketUrl) {
        String scheme = switch (String.valueOf(websocketUrl.getScheme()).toLowerCase()) {
            case "wss" -> "https";
            case "ws" -> "http";
            default -> throw new IllegalArgumentException("not a WebSocket URL: " + websocketUrl);
        };
        String path = websocketUrl.getRawPath() == null ? "" : websocketUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the WebSocket URL must name its stage, e.g. wss://host/prod: " + websocketUrl);
        }
        try {
            return new URI(scheme, websocketUrl.getRawAuthority(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot derive the Management API endpoint from " + websocketUrl, e);
        }
    }
}
