package dev.porthole.backend;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;

import java.util.Map;

/**
 * What a WebSocket route handler returns. API Gateway never sends the body to the client; the status (and, for
 * {@code $connect}, the headers) become the handshake's answer.
 */
public final class WebSocketResponses {
    private WebSocketResponses() {
    }

    public static APIGatewayV2WebSocketResponse status(int statusCode) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(statusCode);
        return response;
    }

    /** A status with one response header, which reaches the client on a {@code $connect}. */
    public static APIGatewayV2WebSocketResponse status(int statusCode, String header, String value) {
        APIGatewayV2WebSocketResponse response = status(statusCode);
        response.setHeaders(Map.of(header, value));
        return response;
    }
}
