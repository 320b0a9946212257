package dev.porthole.backend;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What kind of event an invocation carries. The order of the checks matters: HTTP API events carry a
 * {@code routeKey} of {@code $default} just like WebSocket messages, so the seed took public requests for
 * WebSocket messages (seed bug #6). The HTTP API's unique {@code requestContext.http} is checked first,
 * and its payload format version explicitly (seed bug #7).
 */
public enum EventKind {
    /** An HTTP API request in payload format 2.0: the format this function speaks. */
    HTTP_V2,
    /** An HTTP or REST API request in another payload format (1.0): the integration is misconfigured. */
    HTTP_OTHER_FORMAT,
    WEBSOCKET_CONNECT,
    WEBSOCKET_MESSAGE,
    WEBSOCKET_DISCONNECT,
    UNKNOWN;

    public static EventKind of(JsonNode event) {
        if (event == null || !event.isObject()) {
            return UNKNOWN;
        }
        JsonNode context = event.path("requestContext");
        if (context.has("http")) {
            return "2.0".equals(event.path("version").asText()) ? HTTP_V2 : HTTP_OTHER_FORMAT;
        }
        if (event.has("httpMethod") || context.has("httpMethod") && !context.has("eventType")) {
            return HTTP_OTHER_FORMAT;
        }
        return switch (context.path("eventType").asText()) {
            case "CONNECT" -> WEBSOCKET_CONNECT;
            case "MESSAGE" -> WEBSOCKET_MESSAGE;
            case "DISCONNECT" -> WEBSOCKET_DISCONNECT;
            default -> switch (context.path("routeKey").asText()) {
                case "$connect" -> WEBSOCKET_CONNECT;
                case "$disconnect" -> WEBSOCKET_DISCONNECT;
                default -> context.has("connectionId") ? WEBSOCKET_MESSAGE : UNKNOWN;
            };
        };
    }
}
