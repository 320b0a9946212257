package dev.porthole.agent.tunnel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayNoticeTest {
    @Test
    void apiGatewaysOwnAnswersAreToldApartFromPortholeMessagesAndGarbage() {
        assertThat(GatewayNotice.of("{\"message\": \"Too Many Requests\", \"connectionId\":\"abc=\", \"requestId\":\"r1\"}"))
            .contains("Too Many Requests");
        assertThat(GatewayNotice.of("{\"message\": \"Internal server error\", \"connectionId\":\"abc=\", \"requestId\":\"r1\"}"))
            .contains("Internal server error");
        assertThat(GatewayNotice.of("{\"type\":\"pong\",\"sentAt\":1}")).isEmpty();
        assertThat(GatewayNotice.of("{\"message\":\"no ids\"}")).isEmpty();
        assertThat(GatewayNotice.of("not json")).isEmpty();
    }
}
