package dev.porthole.backend.aws;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seed bug #3: the Management API endpoint was given the wss:// scheme and every post failed. */
class ManagementEndpointTest {

    @Test
    void swapsTheSchemeAndKeepsHostPortAndStage() {
        assertThat(ManagementEndpoint.fromWebSocketUrl(URI.create("wss://abc123.execute-api.eu-west-1.amazonaws.com/porthole")))
            .isEqualTo(URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com/porthole"));
        assertThat(ManagementEndpoint.fromWebSocketUrl(URI.create("ws://127.0.0.1:4567/_porthole/ws/local/")))
            .isEqualTo(URI.create("http://127.0.0.1:4567/_porthole/ws/local"));
    }

    @Test
    void refusesUrlsItCannotDeriveFrom() {
        assertThatThrownBy(() -> ManagementEndpoint.fromWebSocketUrl(URI.create("https://host/prod"))).hasMessageContaining("not a WebSocket URL");
        assertThatThrownBy(() -> ManagementEndpoint.fromWebSocketUrl(URI.create("wss://host"))).hasMessageContaining("stage");
    }
}
