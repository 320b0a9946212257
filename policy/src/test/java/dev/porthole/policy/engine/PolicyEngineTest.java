package dev.porthole.policy.engine;

import dev.porthole.policy.Deny;
import dev.porthole.policy.FallbackResponse;
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
import dev.porthole.policy.Unavailability;
import dev.porthole.policy.VerifyWebhook;
import dev.porthole.policy.ip.IpRange;
import dev.porthole.policy.ratelimit.RateLimiter;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyEngineTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final String GITHUB_SECRET = "gh-webhook-secret-0001";

    private final PolicyEngine engine = new PolicyEngine(new RateLimiter());

    private static PolicyRequest.Builder get(String path) {
        return PolicyRequest.builder("my-app", "GET", path, NOW).sourceIp("203.0.113.9");
    }

    private static PolicyRequest githubDelivery(String body, boolean signed) {
        HttpHeaders headers = HttpHeaders.of("content-type", "application/json", "x-github-event", "push");
        if (signed) {
            headers = headers.plus("x-hub-signature-256", "sha256=" + hmacHex(GITHUB_SECRET, body));
        }
        return PolicyRequest.builder("my-app", "POST", "/hooks/github", NOW).sourceIp("140.82.115.1")
            .headers(headers).body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static String hmacHex(String key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RestrictIps office() {
        return RestrictIps.allowOnly(List.of(IpRange.parse("203.0.113.0/24")));
    }

    @Test
    void withoutRulesEverythingIsForwardedUnchanged() {
        PolicyRequest request = get("/").headers(HttpHeaders.of("x-a", "1")).build();
        Decision decision = engine.decide(TrafficPolicy.NONE, request);

        assertThat(decision).isInstanceOfSatisfying(Decision.Forward.class, f -> {
            assertThat(f.requestHeaders()).isEqualTo(request.headers());
            assertThat(f.applied()).isEmpty();
            assertThat(f.responseHeaders(HttpHeaders.of("x-b", "2"))).isEqualTo(HttpHeaders.of("x-b", "2"));
        });
        assertThat(decision.summary()).isEqualTo("allowed");
        assertThat(decision.decidedBy()).isEmpty();
    }

    @Test
    void ipRulesAdmitTheOfficeAndRefuseEveryoneElseWith403() {
        TrafficPolicy policy = TrafficPolicy.of(office());

        assertThat(engine.decide(policy, get("/").build())).isInstanceOf(Decision.Forward.class);
        Decision outside = engine.decide(policy, get("/").sourceIp("198.51.100.20").build());

        assertThat(outside).isInstanceOfSatisfying(Decision.Refuse.class, r -> {
            assertThat(r.code()).isEqualTo(RefusalCode.IP_DENIED);
            assertThat(r.rule()).isEqualTo(new RuleRef(0, "restrict-ips"));
            assertThat(r.response().status()).isEqualTo(403);
            assertThat(r.response().headers().first("x-porthole-error")).contains("ip-denied");
            assertThat(r.response().headers().first("content-type")).contains("text/plain; charset=utf-8");
            assertThat(r.response().bodyText()).isEqualTo(
                "Porthole: tunnel \"my-app\" does not accept requests from 198.51.100.20 (rule 1 (restrict-ips)).\n"
                    + "If you should have access, ask the tunnel's owner to allow your address.\n");
        });
        assertThat(outside.summary()).isEqualTo("refused by rule 1 (restrict-ips): the caller's address 198.51.100.20 is not allowed");
    }

    @Test
    void theSourceIpIsTheOnlyAddressLookedAtNeverXForwardedFor() {
        TrafficPolicy policy = TrafficPolicy.of(office());
        PolicyRequest spoofed = get("/").sourceIp("198.51.100.20")
            .headers(HttpHeaders.of("x-forwarded-for", "203.0.113.9", "forwarded", "for=203.0.113.9")).build();

        assertThat(engine.decide(policy, spoofed)).isInstanceOf(Decision.Refuse.class);
        assertThat(engine.decide(policy, get("/").sourceIp("").build())).as("no address, no entry")
            .isInstanceOfSatisfying(Decision.Refuse.class, r -> assertThat(r.reason()).isEqualTo("the caller's address is unknown"));
        assertThat(engine.decide(policy, get("/").sourceIp("::ffff:203.0.113.50").build())).as("IPv4-mapped")
            .isInstanceOf(Decision.Forward.class);
    }

    @Test
    void denyRangesWinOverAllowRanges() {
        TrafficPolicy policy = TrafficPolicy.of(RestrictIps.of(List.of(IpRange.parse("203.0.113.0/24")), List.of(IpRange.parse("203.0.113.9"))));

        assertThat(engine.decide(policy, get("/").build())).isInstanceOf(Decision.Refuse.class);
        assertThat(engine.decide(policy, get("/").sourceIp("203.0.113.10").build())).isInstanceOf(Decision.Forward.class);
    }

    @Test
    void aWebhookSignedWithTheSecretPassesAndAForgedOneNeverReachesTheLaptop() {
        TrafficPolicy policy = TrafficPolicy.of(VerifyWebhook.github(Secret.of(GITHUB_SECRET))
            .matching(RequestMatch.of(List.of("POST"), "/hooks/github")));

        assertThat(engine.decide(policy, githubDelivery("{\"ref\":\"main\"}", true))).isInstanceOfSatisfying(Decision.Forward.class,
            f -> assertThat(f.applied()).containsExactly(new RuleRef(0, "verify-webhook")));
        Decision forged = engine.decide(policy, githubDelivery("{\"ref\":\"main\"}", false));

        assertThat(forged).isInstanceOfSatisfying(Decision.Refuse.class, r -> {
            assertThat(r.response().status()).isEqualTo(401);
            assertThat(r.response().headers().first("x-porthole-error")).contains("webhook-signature-invalid");
            assertThat(r.response().bodyText())
                .startsWith("Porthole: tunnel \"my-app\" accepts only GitHub webhooks signed with its secret, and the X-Hub-Signature-256 header is missing (rule 1 (verify-webhook)).\n")
                .doesNotContain(GITHUB_SECRET);
        });
        assertThat(engine.decide(policy, get("/hooks/github").build())).as("the rule is about POSTs only").isInstanceOf(Decision.Forward.class);
    }

    @Test
    void theRateLimitRefusesWith429AndRetryAfter() {
        TrafficPolicy policy = TrafficPolicy.of(RateLimit.perTunnel(2, RateLimit.Window.MINUTE));
        engine.decide(policy, get("/").build());
        engine.decide(policy, get("/").sourceIp("198.51.100.1").build());
        Decision third = engine.decide(policy, get("/").sourceIp("198.51.100.2").build());

        assertThat(third).isInstanceOfSatisfying(Decision.Refuse.class, r -> {
            assertThat(r.response().status()).isEqualTo(429);
            assertThat(r.response().headers().first("x-porthole-error")).contains("rate-limited");
            assertThat(r.response().headers().first("retry-after")).contains("60");
            assertThat(r.response().bodyText()).isEqualTo(
                "Porthole: tunnel \"my-app\" accepts at most 2 requests per minute, and this request is over the limit (rule 1 (rate-limit)).\n"
                    + "Retry after 60 s.\n");
        });
    }

    @Test
    void aPerCallerLimitCountsEachAddressAndEachIpv6Slash64Apart() {
        TrafficPolicy policy = TrafficPolicy.of(RateLimit.perCallerIp(1, RateLimit.Window.MINUTE));

        assertThat(engine.decide(policy, get("/").sourceIp("198.51.100.1").build())).isInstanceOf(Decision.Forward.class);
        assertThat(engine.decide(policy, get("/").sourceIp("198.51.100.2").build())).isInstanceOf(Decision.Forward.class);
        assertThat(engine.decide(policy, get("/").sourceIp("198.51.100.1").build())).isInstanceOf(Decision.Refuse.class);
        assertThat(engine.decide(policy, get("/").sourceIp("2001:db8:1:2::a").build())).isInstanceOf(Decision.Forward.class);
        assertThat(engine.decide(policy, get("/").sourceIp("2001:db8:1:2:ffff::b").build())).as("same /64").isInstanceOf(Decision.Refuse.class);
        assertThat(engine.decide(policy, get("/").sourceIp("2001:db8:1:3::a").build())).as("another /64").isInstanceOf(Decision.Forward.class);
        assertThat(PolicyEngine.callerKey(dev.porthole.policy.ip.IpAddresses.parse("2001:db8:1:2::a").orElseThrow())).isEqualTo("20010db800010002/64");
    }

    @Test
    void rateLimitsAreCountedPerTunnel() {
        TrafficPolicy policy = TrafficPolicy.of(RateLimit.perTunnel(1, RateLimit.Window.MINUTE));
        engine.decide(policy, get("/").build());

        assertThat(engine.decide(policy, PolicyRequest.builder("other-app", "GET", "/", NOW).build())).isInstanceOf(Decision.Forward.class);
        assertThat(engine.decide(policy, get("/").build())).isInstanceOf(Decision.Refuse.class);
    }

    @Test
    void aFixedResponseAnswersWithoutTheLocalService() {
        TrafficPolicy policy = TrafficPolicy.of(FixedResponse.of(RequestMatch.of(List.of("GET", "HEAD"), "/robots.txt"),
            StaticResponse.of(200, "User-agent: *\nDisallow: /\n")));

        Decision robots = engine.decide(policy, get("/robots.txt").build());
        assertThat(robots).isInstanceOfSatisfying(Decision.Answer.class, a -> {
            assertThat(a.response().status()).isEqualTo(200);
            assertThat(a.response().bodyText()).isEqualTo("User-agent: *\nDisallow: /\n");
            assertThat(a.response().headers().first("content-type")).contains("text/plain; charset=utf-8");
        });
        assertThat(robots.summary()).isEqualTo("answered by rule 1 (fixed-response) with 200");
        assertThat(engine.decide(policy, PolicyRequest.builder("my-app", "POST", "/robots.txt", NOW).build())).isInstanceOf(Decision.Forward.class);
        assertThat(engine.decide(policy, get("/robots.txt.bak").build())).isInstanceOf(Decision.Forward.class);
    }

    @Test
    void aFixedResponseKeepsItsOwnContentType() {
        TrafficPolicy policy = TrafficPolicy.of(FixedResponse.of(RequestMatch.path("/health"),
            StaticResponse.of(200, HttpHeaders.of("Content-Type", "application/json"), "{\"ok\":true}")));

        Decision.Answer answer = (Decision.Answer) engine.decide(policy, get("/health").build());
        assertThat(answer.response().headers().all("content-type")).containsExactly("application/json");
    }

    @Test
    void aDenyRuleRefusesItsPathsWith403DeniedEvenWhenEscaped() {
        TrafficPolicy policy = TrafficPolicy.of(Deny.matching(RequestMatch.path("/admin/**")));

        for (String path : List.of("/admin", "/admin/users", "/%61dmin/users", "//admin", "/x/../admin")) {
            assertThat(engine.decide(policy, get(path).build())).as(path).isInstanceOfSatisfying(Decision.Refuse.class, r -> {
                assertThat(r.code()).isEqualTo(RefusalCode.DENIED);
                assertThat(r.response().status()).isEqualTo(403);
                assertThat(r.response().headers().first("x-porthole-error")).contains("denied");
            });
        }
        assertThat(engine.decide(policy, get("/administrator").build())).isInstanceOf(Decision.Forward.class);
    }

    @Test
    void theFirstRuleThatDecidesWinsAndLaterRulesDoNotRun() {
        RateLimit limit = RateLimit.perTunnel(1, RateLimit.Window.MINUTE);
        TrafficPolicy policy = TrafficPolicy.of(
            office(),
            FixedResponse.of(RequestMatch.path("/health"), StaticResponse.of(200, "ok")),
            limit);

        // the fixed response comes before the limit, so health checks do not use it up
        for (int i = 0; i < 5; i++) {
            assertThat(engine.decide(policy, get("/health").build())).isInstanceOf(Decision.Answer.class);
        }
        assertThat(engine.decide(policy, get("/").build())).isInstanceOf(Decision.Forward.class);
        assertThat(engine.decide(policy, get("/").build()).decidedBy()).contains(new RuleRef(2, "rate-limit"));
        // the IP rule comes first: outsiders do not even get the health answer
        assertThat(engine.decide(policy, get("/health").sourceIp("198.51.100.1").build()).decidedBy()).contains(new RuleRef(0, "restrict-ips"));
    }

    @Test
    void aForgedWebhookDoesNotUseUpTheRateLimitThatFollowsTheSignatureCheck() {
        TrafficPolicy policy = TrafficPolicy.of(VerifyWebhook.github(Secret.of(GITHUB_SECRET)), RateLimit.perTunnel(1, RateLimit.Window.MINUTE));
        for (int i = 0; i < 10; i++) {
            assertThat(engine.decide(policy, githubDelivery("{}", false)).decidedBy()).contains(new RuleRef(0, "verify-webhook"));
        }
        assertThat(engine.decide(policy, githubDelivery("{}", true))).isInstanceOf(Decision.Forward.class);
    }

    @Test
    void headerRulesAccumulateInOrderAndChecksSeeTheRequestAsSent() {
        TrafficPolicy policy = TrafficPolicy.of(
            RequestHeaders.of(HeaderEdits.removing("x-hub-signature-256")),
            RequestHeaders.of(HeaderEdits.setting("X-Env", "staging")),
            VerifyWebhook.github(Secret.of(GITHUB_SECRET)),
            RequestHeaders.of(HeaderEdits.adding("X-Verified", "github")),
            ResponseHeaders.of(HeaderEdits.setting("Cache-Control", "no-store")),
            ResponseHeaders.of(HeaderEdits.removing("server")));
        PolicyRequest delivery = githubDelivery("{}", true);
        PolicyRequest withEnv = new PolicyRequest(delivery.tunnelId(), delivery.method(), delivery.path(), delivery.query(),
            delivery.headers().plus("x-env", "forged-by-caller"), delivery.body(), delivery.sourceIp(), delivery.publicUrl(), delivery.now());

        Decision decision = engine.decide(policy, withEnv);

        assertThat(decision).isInstanceOfSatisfying(Decision.Forward.class, f -> {
            assertThat(f.requestHeaders().contains("x-hub-signature-256")).as("removed before forwarding, yet verified").isFalse();
            assertThat(f.requestHeaders().all("x-env")).containsExactly("staging");
            assertThat(f.requestHeaders().all("x-verified")).containsExactly("github");
            assertThat(f.requestHeaders().first("x-github-event")).contains("push");
            assertThat(f.applied()).extracting(RuleRef::index).containsExactly(0, 1, 2, 3, 4, 5);
            HttpHeaders fromService = HttpHeaders.of("Server", "gunicorn", "Cache-Control", "public", "Set-Cookie", "a=1", "Set-Cookie", "b=2");
            assertThat(f.responseHeaders(fromService)).isEqualTo(HttpHeaders.of("Set-Cookie", "a=1", "Set-Cookie", "b=2", "Cache-Control", "no-store"));
        });
    }

    @Test
    void removeThenAddReplacesAndAddAloneAppends() {
        TrafficPolicy replace = TrafficPolicy.of(RequestHeaders.of(HeaderEdits.removing("X-Role").and(HeaderEdits.adding("X-Role", "guest"))));
        TrafficPolicy append = TrafficPolicy.of(RequestHeaders.of(HeaderEdits.adding("X-Role", "guest")));
        PolicyRequest request = get("/").headers(HttpHeaders.of("x-role", "admin")).build();

        assertThat(((Decision.Forward) engine.decide(replace, request)).requestHeaders().all("x-role")).containsExactly("guest");
        assertThat(((Decision.Forward) engine.decide(append, request)).requestHeaders().all("x-role")).containsExactly("admin", "guest");
    }

    @Test
    void headerRulesOnlyTouchTheRequestsTheyMatch() {
        TrafficPolicy policy = TrafficPolicy.of(
            ResponseHeaders.of(HeaderEdits.setting("Cache-Control", "max-age=3600")).matching(RequestMatch.path("/static/**")));

        assertThat(((Decision.Forward) engine.decide(policy, get("/static/app.js").build())).responseEdits()).hasSize(1);
        assertThat(((Decision.Forward) engine.decide(policy, get("/api").build())).responseEdits()).isEmpty();
    }

    @Test
    void theFallbackAnswersForItsSituationAndKeepsTheOriginalCode() {
        StaticResponse maintenance = StaticResponse.of(503, HttpHeaders.of("Content-Type", "text/html; charset=utf-8", "Retry-After", "300"),
            "<h1>Back soon</h1>");
        TrafficPolicy policy = TrafficPolicy.of(office(), FallbackResponse.of(EnumSet.of(Unavailability.TUNNEL_OFFLINE), maintenance));

        Decision.Answer answer = engine.fallback(policy, Unavailability.TUNNEL_OFFLINE, "tunnel-offline").orElseThrow();
        assertThat(answer.rule()).isEqualTo(new RuleRef(1, "fallback-response"));
        assertThat(answer.response().status()).isEqualTo(503);
        assertThat(answer.response().headers().first("retry-after")).contains("300");
        assertThat(answer.response().headers().first("x-porthole-error")).contains("tunnel-offline");
        assertThat(answer.response().bodyText()).isEqualTo("<h1>Back soon</h1>");
        assertThat(engine.fallback(policy, Unavailability.LOCAL_SERVICE_DOWN, "local-refused")).isEmpty();
        assertThat(engine.fallback(TrafficPolicy.NONE, Unavailability.TUNNEL_OFFLINE, "tunnel-offline")).isEmpty();
        // a fallback is not a request rule: it never answers a request by itself
        assertThat(engine.decide(policy, get("/").build())).isInstanceOf(Decision.Forward.class);
    }

    @Test
    void errorCodesMapToTheSituationsFallbacksAnswer() {
        assertThat(Unavailability.ofErrorCode("tunnel-offline")).contains(Unavailability.TUNNEL_OFFLINE);
        assertThat(Unavailability.ofErrorCode("agent-gone")).contains(Unavailability.TUNNEL_OFFLINE);
        for (String code : Set.of("local-refused", "local-timeout", "local-error", "agent-timeout")) {
            assertThat(Unavailability.ofErrorCode(code)).as(code).contains(Unavailability.LOCAL_SERVICE_DOWN);
        }
        for (String code : Set.of("agent-busy", "body-too-large", "response-too-large", "ip-denied")) {
            assertThat(Unavailability.ofErrorCode(code)).as(code).isEmpty();
        }
        assertThat(Unavailability.ofErrorCode(null)).isEmpty();
    }
}
