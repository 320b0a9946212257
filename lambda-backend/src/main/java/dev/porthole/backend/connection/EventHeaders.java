package dev.porthole.backend.connection;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Header lookup in a WebSocket CONNECT event. API Gateway keeps the case the client used, so names are
 * matched ignoring case, in {@code headers} first and then {@code multiValueHeaders}.
 */
final class EventHeaders {
    private EventHeaders() {
    }

    static Optional<String> get(APIGatewayV2WebSocketEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers != null) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                    return Optional.of(e.getValue());
                }
            }
        }
        Map<String, List<String>> multi = event.getMultiValueHeaders();
        if (multi != null) {
            for (Map.Entry<String, List<String>> e : multi.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                    return Optional.ofNullable(e.getValue().get(0));
                }
            }
        }
        return Optional.empty();
    }
}
