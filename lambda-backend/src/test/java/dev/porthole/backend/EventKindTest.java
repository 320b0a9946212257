package dev.porthole.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class EventKindTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = EventKindTest.class.getResourceAsStream("/events/" + name)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void realEventShapesAreRecognised() throws IOException {
        assertThat(EventKind.of(fixture("http-v2-get.json"))).isEqualTo(EventKind.HTTP_V2);
        assertThat(EventKind.of(fixture("ws-connect.json"))).isEqualTo(EventKind.WEBSOCKET_CONNECT);
        assertThat(EventKind.of(fixture("ws-message.json"))).isEqualTo(EventKind.WEBSOCKET_MESSAGE);
        assertThat(EventKind.of(fixture("ws-disconnect.json"))).isEqualTo(EventKind.WEBSOCKET_DISCONNECT);
    }

    /** Seed bug #6: an HTTP API event has routeKey "$default" too, and was taken for a WebSocket message. */
    @Test
    void anHttpEventIsNeverTakenForAWebSocketMessage() throws IOException {
        JsonNode event = fixture("http-v2-get.json");
        assertThat(event.path("routeKey").asText()).isEqualTo("$default");
        assertThat(event.path("requestContext").path("routeKey").asText()).isEqualTo("$default");
        ((ObjectNode) event.path("requestContext")).put("connectionId", "looks-like-websocket");
        assertThat(EventKind.of(event)).isEqualTo(EventKind.HTTP_V2);
    }

    /** Seed bug #7: the payload format version is checked, not assumed. */
    @Test
    void payloadFormatOneIsRecognisedAsTheWrongFormatNotMisread() throws IOException {
        assertThat(EventKind.of(fixture("http-v1-get.json"))).isEqualTo(EventKind.HTTP_OTHER_FORMAT);
        ObjectNode v2 = (ObjectNode) fixture("http-v2-get.json");
        v2.put("version", "1.0");
        assertThat(EventKind.of(v2)).isEqualTo(EventKind.HTTP_OTHER_FORMAT);
        v2.remove("version");
        assertThat(EventKind.of(v2)).isEqualTo(EventKind.HTTP_OTHER_FORMAT);
    }

    @Test
    void garbageIsUnknown() throws IOException {
        assertThat(EventKind.of(JSON.readTree("{}"))).isEqualTo(EventKind.UNKNOWN);
        assertThat(EventKind.of(JSON.readTree("[1,2]"))).isEqualTo(EventKind.UNKNOWN);
        assertThat(EventKind.of(JSON.readTree("{\"requestContext\":{\"eventType\":\"WHATEVER\"}}"))).isEqualTo(EventKind.UNKNOWN);
    }
}
