package dev.porthole.agent.policy;

import dev.porthole.policy.HeaderEdits;
import dev.porthole.policy.RateLimit;
import dev.porthole.policy.RequestHeaders;
import dev.porthole.policy.ResponseHeaders;
import dev.porthole.policy.RestrictIps;
import dev.porthole.policy.Rule;
import dev.porthole.policy.Secret;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.VerifyWebhook;
import dev.porthole.policy.ip.IpRange;
import dev.porthole.protocol.Header;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyFlagsTest {
    private static final Function<String, String> ENV = Map.of("GH_SECRET", "env-secret-abcdef-1234", "EMPTY", "")::get;

    private static PolicyFlags flags(List<String> allow, List<String> deny, List<String> addRequest, List<String> removeRequest,
                                     List<String> addResponse, List<String> webhooks, List<String> rates) {
        return new PolicyFlags(allow, deny, addRequest, removeRequest, addResponse, webhooks, rates);
    }

    private static TrafficPolicy webhooks(String... values) {
        return flags(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(values), List.of()).toPolicy(ENV);
    }

    private static TrafficPolicy rates(String... values) {
        return flags(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(values)).toPolicy(ENV);
    }

    @Test
    void noFlagsNoRules() {
        assertThat(PolicyFlags.none().toPolicy(ENV)).isSameAs(TrafficPolicy.NONE);
    }

    @Test
    void everyFlagBecomesItsRuleInTheDocumentedOrder() {
        TrafficPolicy policy = flags(
            List.of("203.0.113.0/24", "2001:db8::/32"), List.of("203.0.113.13"),
            List.of("X-Env: staging", "X-Team:platform"), List.of("X-Debug"),
            List.of("Strict-Transport-Security: max-age=63072000"),
            List.of("github:env:GH_SECRET", "hmac-sha256:X-Signature:lit:eral:secret"),
            List.of("600/min", "10/s/ip")).toPolicy(ENV);

        List<Rule> rules = policy.rules();
        assertThat(rules).extracting(Rule::kind)
            .containsExactly("restrict-ips", "verify-webhook", "verify-webhook", "rate-limit", "rate-limit", "request-headers", "response-headers");
        assertThat(rules.get(0)).isEqualTo(RestrictIps.of(List.of(IpRange.parse("203.0.113.0/24"), IpRange.parse("2001:db8::/32")),
            List.of(IpRange.parse("203.0.113.13/32"))));
        assertThat(rules.get(1)).isEqualTo(VerifyWebhook.github(Secret.of("env-secret-abcdef-1234")));
        assertThat(rules.get(2)).as("a secret may contain colons").isEqualTo(VerifyWebhook.hmacSha256("X-Signature", Secret.of("lit:eral:secret")));
        assertThat(rules.get(3)).isEqualTo(RateLimit.perTunnel(600, RateLimit.Window.MINUTE));
        assertThat(rules.get(4)).isEqualTo(RateLimit.perCallerIp(10, RateLimit.Window.SECOND));
        assertThat(rules.get(5)).isEqualTo(RequestHeaders.of(new HeaderEdits(List.of("X-Debug"), List.of(),
            List.of(new Header("X-Env", "staging"), new Header("X-Team", "platform")))));
        assertThat(rules.get(6)).isEqualTo(ResponseHeaders.of(HeaderEdits.adding("Strict-Transport-Security", "max-age=63072000")));
    }

    @Test
    void eachProviderIsKnownByItsName() {
        for (String provider : List.of("github", "stripe", "slack", "shopify", "twilio")) {
            VerifyWebhook rule = (VerifyWebhook) webhooks(provider + ":secret-value").rules().getFirst();
            assertThat(rule.provider().wireName()).isEqualTo(provider);
            assertThat(rule.secret().reveal()).isEqualTo("secret-value");
        }
        assertThat(rates("1/h").rules().getFirst()).isEqualTo(RateLimit.perTunnel(1, RateLimit.Window.HOUR));
    }

    @Test
    void aWrongValueNamesTheFlag() {
        assertThatThrownBy(() -> flags(List.of("10.1.2.3/8"), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()).toPolicy(ENV))
            .hasMessage("--allow-ip 10.1.2.3/8: \"10.1.2.3/8\" has bits set after the /8 prefix; did you mean 10.0.0.0/8?");
        assertThatThrownBy(() -> flags(List.of(), List.of("office"), List.of(), List.of(), List.of(), List.of(), List.of()).toPolicy(ENV))
            .hasMessage("--deny-ip office: \"office\" is not an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32)");
        assertThatThrownBy(() -> flags(List.of(), List.of(), List.of("X-Env staging"), List.of(), List.of(), List.of(), List.of()).toPolicy(ENV))
            .hasMessage("--add-request-header \"X-Env staging\": write it as \"Name: value\"");
        assertThatThrownBy(() -> flags(List.of(), List.of(), List.of("X-Forwarded-For: 1.2.3.4"), List.of(), List.of(), List.of(), List.of()).toPolicy(ENV))
            .hasMessage("--add-request-header: X-Forwarded-For is reserved by API Gateway; rules cannot change it");
        assertThatThrownBy(() -> flags(List.of(), List.of(), List.of(), List.of("Authorization"), List.of(), List.of(), List.of()).toPolicy(ENV))
            .hasMessage("--remove-request-header: Authorization is reserved by API Gateway; rules cannot change it");
        assertThatThrownBy(() -> flags(List.of(), List.of(), List.of(), List.of(), List.of("Content-Length: 3"), List.of(), List.of()).toPolicy(ENV))
            .hasMessage("--add-response-header: Content-Length is reserved by API Gateway; rules cannot change it");
        assertThatThrownBy(() -> rates("60/day")).hasMessage("--rate-limit 60/day: write it as N/min (or N/s, N/h), with /ip at the end to count "
            + "each caller address on its own, e.g. 60/min or 10/min/ip");
        assertThatThrownBy(() -> rates("0/min")).hasMessage("--rate-limit 0/min: limit must be from 1 to 1000000, got 0");
    }

    @Test
    void aWrongWebhookFlagSaysWhatIsWrongWithoutRepeatingTheSecret() {
        assertThatThrownBy(() -> webhooks("gitlab:top-secret-value"))
            .hasMessage("--verify-webhook: \"gitlab\" is not a provider Porthole knows; use github, stripe, slack, shopify, twilio or hmac-sha256, "
                + "as in github:env:GITHUB_WEBHOOK_SECRET")
            .message().doesNotContain("top-secret-value");
        assertThatThrownBy(() -> webhooks("github"))
            .hasMessage("--verify-webhook github needs the secret after a colon: github:env:NAME takes it from the environment variable NAME "
                + "(kept out of the process list), github:SECRET takes it as written");
        assertThatThrownBy(() -> webhooks("github:env:UNSET"))
            .hasMessage("--verify-webhook github:env:UNSET: the environment variable UNSET is not set (or is empty)");
        assertThatThrownBy(() -> webhooks("stripe:env:EMPTY")).hasMessageContaining("the environment variable EMPTY is not set (or is empty)");
        assertThatThrownBy(() -> webhooks("github:env:")).hasMessage("--verify-webhook github:env:: the environment variable name is missing");
        assertThatThrownBy(() -> webhooks("hmac-sha256:top-secret-value"))
            .hasMessage("--verify-webhook hmac-sha256 needs the signature's header and the secret: hmac-sha256:X-Signature:env:SIGNING_SECRET")
            .message().doesNotContain("top-secret-value");
        assertThatThrownBy(() -> webhooks("hmac-sha256:Bad Header:secret")).hasMessage("--verify-webhook hmac-sha256:Bad Header: \"Bad Header\" is not a header name");
    }
}
