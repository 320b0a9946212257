package dev.porthole.agent;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentOptionsTest {
    private static final URI BACKEND = URI.create("wss://abc.execute-api.eu-west-1.amazonaws.com/porthole");

    @Test
    void neverShowsTheTokenInItsDescription() {
        AgentOptions options = AgentOptions.builder(BACKEND, "s3cr3t-agent-token", 3000).build();

        assertThat(options.toString()).doesNotContain("s3cr3t-agent-token").contains("token=***");
    }

    @Test
    void refusesSettingsTheBackendWouldRefuseWithAReasonAPersonCanFix() {
        assertThatThrownBy(() -> AgentOptions.builder(URI.create("https://example.com"), "t", 3000).build())
            .hasMessageContaining("must start with ws:// or wss://");
        assertThatThrownBy(() -> AgentOptions.builder(BACKEND, " ", 3000).build()).hasMessageContaining("token is missing");
        assertThatThrownBy(() -> AgentOptions.builder(BACKEND, "t", 70_000).build()).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> AgentOptions.builder(BACKEND, "t", 3000).tunnelId("My_App").build())
            .hasMessageContaining("\"My_App\" is not valid");
        assertThatThrownBy(() -> AgentOptions.builder(BACKEND, "t", 3000).tunnelId("-ab").build()).hasMessageContaining("not valid");
    }

    @Test
    void namesTheLocalServiceByHostAndPortWithIpv6InBrackets() {
        assertThat(AgentOptions.builder(BACKEND, "t", 3000).build().localBaseUri()).isEqualTo(URI.create("http://localhost:3000"));
        assertThat(AgentOptions.builder(BACKEND, "t", 8080).localHost("::1").build().localBaseUri())
            .isEqualTo(URI.create("http://[::1]:8080"));
    }

    @Test
    void carriesTheTrafficPolicyWithoutShowingItsSecrets() {
        dev.porthole.policy.TrafficPolicy policy = dev.porthole.policy.TrafficPolicy.of(
            dev.porthole.policy.VerifyWebhook.github(dev.porthole.policy.Secret.of("webhook-secret-for-options")));

        AgentOptions options = AgentOptions.builder(BACKEND, "t", 3000).policy(policy).build();

        assertThat(options.policy()).isEqualTo(policy);
        assertThat(options.toBuilder().build().policy()).isEqualTo(policy);
        assertThat(options.toString()).contains("policyRules=1").doesNotContain("webhook-secret-for-options");
        assertThat(AgentOptions.builder(BACKEND, "t", 3000).build().policy()).isSameAs(dev.porthole.policy.TrafficPolicy.NONE);
        assertThat(AgentOptions.builder(BACKEND, "t", 3000).policy(null).build().policy()).isSameAs(dev.porthole.policy.TrafficPolicy.NONE);
    }
}
