package dev.porthole.backend;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;

/** What a WebSocket route handler returns. Only the status matters: API Gateway never sends the body to the client. */
public final class WebSocketResponses {
    private WebSocketResponses() {
    }

    public static APIGatewayV2WebSocketResponse status(int statusCode) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(statusCode);
        return response;
    }
}
