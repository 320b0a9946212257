package dev.porthole.policy.engine;

import dev.porthole.policy.FixedResponse;
import dev.porthole.policy.HeaderEdits;
import dev.porthole.policy.PolicyRequest;
import dev.porthole.policy.RateLimit;
import dev.porthole.policy.RequestHeaders;
import dev.porthole.policy.RequestMatch;
import dev.porthole.policy.ResponseHeaders;
import dev.porthole.policy.RestrictIps;
import dev.porthole.policy.Secret;
import dev.porthole.policy.StaticResponse;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.VerifyWebhook;
import dev.porthole.policy.ip.IpRange;
import dev.porthole.policy.ratelimit.RateLimiter;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a typical policy costs per request, printed for the record (nothing is asserted about time: the machine
 * is shared). The decisions themselves are checked, so the loop measures real work.
 */
class PolicyEngineCostTest {

    @Test
    void printsTheCostOfATypicalPolicyPerRequest() throws Exception {
        String secret = "cost-test-webhook-secret";
        TrafficPolicy policy = TrafficPolicy.of(
            RestrictIps.allowOnly(List.of(IpRange.parse("192.30.252.0/22"), IpRange.parse("185.199.108.0/22"), IpRange.parse("140.82.112.0/20"))),
            FixedResponse.of(RequestMatch.path("/robots.txt"), StaticResponse.of(200, "User-agent: *\nDisallow: /\n")),
            VerifyWebhook.github(Secret.of(secret)).matching(RequestMatch.of(List.of("POST"), "/hooks/**")),
            RateLimit.perCallerIp(1_000_000, RateLimit.Window.MINUTE),
            RequestHeaders.of(HeaderEdits.setting("X-Env", "staging")),
            ResponseHeaders.of(HeaderEdits.setting("Cache-Control", "no-store")));
        PolicyEngine engine = new PolicyEngine(new RateLimiter());

        for (int bodyBytes : new int[] {1_024, 64 * 1024, 1024 * 1024}) {
            byte[] body = new byte[bodyBytes];
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(), "HmacSHA256"));
            PolicyRequest request = PolicyRequest.builder("hooks", "POST", "/hooks/github", Instant.now())
                .sourceIp("140.82.115.10")
                .headers(HttpHeaders.of("content-type", "application/json", "x-hub-signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body))))
                .body(body)
                .build();
            int rounds = bodyBytes >= 1024 * 1024 ? 200 : 2_000;
            for (int i = 0; i < rounds; i++) {
                assertThat(engine.decide(policy, request)).isInstanceOf(Decision.Forward.class);
            }
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                assertThat(engine.decide(policy, request)).isInstanceOf(Decision.Forward.class);
            }
            double micros = (System.nanoTime() - start) / 1_000.0 / rounds;
            System.out.printf("6 rules, GitHub signature over a %,d-byte body: %.1f µs per request%n", bodyBytes, micros);
        }
    }
}
