package dev.porthole.desktop.rules;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.policy.Deny;
import dev.porthole.policy.FixedResponse;
import dev.porthole.policy.RequestMatch;
import dev.porthole.policy.RestrictIps;
import dev.porthole.policy.Secret;
import dev.porthole.policy.StaticResponse;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.VerifyWebhook;
import dev.porthole.policy.ip.IpRange;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveCheckTest {
    static final String SECRET = "It's a Secret to Everybody";

    @Test
    void the_verdict_says_allowed_refused_by_which_rule_or_answered_and_follows_the_rules_as_they_change() {
        RulesViewModel model = new RulesViewModel(TunnelRules.of(TrafficPolicy.of(
                RestrictIps.denying(List.of(IpRange.parse("198.51.100.0/24"))),
                VerifyWebhook.github(Secret.of(SECRET)).matching(RequestMatch.of(List.of("POST"), "/hooks/github")),
                FixedResponse.of(RequestMatch.path("/robots.txt"), StaticResponse.of(200, "User-agent: *\n")))),
                false, List.of(), "shop", Clock.systemUTC(), name -> null);
        LiveCheck check = model.check();
        check.methodProperty().set("GET");
        check.pathProperty().set("/");
        assertThat(check.outcomeProperty().get()).isEqualTo(LiveCheck.Outcome.ALLOWED);
        assertThat(check.verdictProperty().get()).isEqualTo("This request would be allowed (rule 1 (restrict-ips)).");

        check.pathProperty().set("/robots.txt");
        assertThat(check.outcomeProperty().get()).isEqualTo(LiveCheck.Outcome.ANSWERED);
        assertThat(check.verdictProperty().get()).isEqualTo("This request would be answered by rule 3 (fixed-response) with 200.");

        check.methodProperty().set("POST");
        check.pathProperty().set("/hooks/github");
        check.bodyProperty().set("{\"zen\":\"hi\"}");
        assertThat(check.outcomeProperty().get()).isEqualTo(LiveCheck.Outcome.REFUSED);
        assertThat(check.verdictProperty().get()).startsWith("This request would be refused by rule 2 (verify-webhook): ")
                .doesNotContain(SECRET);
        assertThat(check.detailProperty().get()).isEqualTo("The caller gets 401 with X-Porthole-Error: webhook-signature-invalid; your server never sees it.");

        check.headersProperty().set("X-Hub-Signature-256: sha256=" + hmac("{\"zen\":\"hi\"}"));
        assertThat(check.outcomeProperty().get()).as("signed with the tunnel's secret").isEqualTo(LiveCheck.Outcome.ALLOWED);

        check.sourceIpProperty().set("198.51.100.20");
        assertThat(check.verdictProperty().get()).startsWith("This request would be refused by rule 1 (restrict-ips)");

        model.remove(0);
        assertThat(check.outcomeProperty().get()).as("the check runs again when a rule goes").isEqualTo(LiveCheck.Outcome.ALLOWED);

        model.add(RuleKind.DENY);
        model.formProperty().get().pathProperty().set("/hooks/*");
        assertThat(check.verdictProperty().get()).as("an open form's valid rule counts already")
                .startsWith("This request would be refused by rule 3 (deny)");
        model.cancel();
        assertThat(check.outcomeProperty().get()).isEqualTo(LiveCheck.Outcome.ALLOWED);
    }

    @Test
    void a_captured_request_fills_the_check_with_the_address_api_gateway_saw() {
        Exchange exchange = Exchanges.exchange("POST", "/hooks/github?delivery=1",
                HttpHeaders.of("content-type", "application/json", "x-forwarded-for", "10.9.9.9, 198.51.100.20"),
                Exchanges.body("{}"), 200, HttpHeaders.EMPTY, CapturedBody.EMPTY);
        LogEntry entry = Exchanges.entry("key", exchange);
        RulesViewModel model = new RulesViewModel(TunnelRules.of(TrafficPolicy.of(
                RestrictIps.denying(List.of(IpRange.parse("198.51.100.0/24"))))), false, List.of(entry), "shop", Clock.systemUTC(), name -> null);
        LiveCheck check = model.check();
        assertThat(check.captured()).containsExactly(entry);
        assertThat(check.outcomeProperty().get()).isEqualTo(LiveCheck.Outcome.ALLOWED);

        check.pick(entry);
        assertThat(check.methodProperty().get()).isEqualTo("POST");
        assertThat(check.pathProperty().get()).isEqualTo("/hooks/github?delivery=1");
        assertThat(check.sourceIpProperty().get()).isEqualTo("198.51.100.20");
        assertThat(check.headersProperty().get()).contains("content-type: application/json");
        assertThat(check.bodyProperty().get()).isEqualTo("{}");
        assertThat(check.outcomeProperty().get()).isEqualTo(LiveCheck.Outcome.REFUSED);
    }

    @Test
    void a_path_that_is_not_one_says_what_to_type() {
        RulesViewModel model = RulesViewModelTest.rules(TrafficPolicy.of(Deny.matching(RequestMatch.path("/admin"))));
        model.check().pathProperty().set("admin");
        assertThat(model.check().outcomeProperty().get()).isEqualTo(LiveCheck.Outcome.NOT_A_REQUEST);
        assertThat(model.check().verdictProperty().get()).isEqualTo("Type a method and a path starting with /, e.g. POST /hooks/github.");
    }

    static String hmac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
