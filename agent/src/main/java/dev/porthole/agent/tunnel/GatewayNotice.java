package dev.porthole.agent.tunnel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Optional;

/**
 * What API Gateway itself sends a WebSocket client when it did not pass one of its messages on — throttled ("Too Many
 * Requests"), its integration failed ("Internal server error"), no route ("Forbidden"): {@code {"message": …,
 * "connectionId": …, "requestId": …}}, not a Porthole message. The agent reports it and never answers it, which would
 * only add to a flood.
 */
final class GatewayNotice {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayNotice() {
    }

    /** The notice's message, if {@code text} is one. */
    static Optional<String> of(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.isObject() && !node.has("type") && node.path("message").isTextual()
                && (node.has("requestId") || node.has("connectionId"))) {
                return Optional.of(node.path("message").asText());
            }
        } catch (IOException e) {
            // not JSON: not a notice
        }
        return Optional.empty();
    }
}
