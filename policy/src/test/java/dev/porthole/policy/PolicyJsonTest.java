package dev.porthole.policy;

import dev.porthole.policy.ip.IpRange;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyJsonTest {
    private static final String GITHUB_SECRET = "ghs-top-secret-value-7f3a";

    /** One rule of every kind, with non-default settings where there are any. */
    static TrafficPolicy everyKind() {
        return TrafficPolicy.of(
            RestrictIps.of(List.of(IpRange.parse("203.0.113.0/24"), IpRange.parse("2001:db8::/32")), List.of(IpRange.parse("203.0.113.13"))),
            VerifyWebhook.github(Secret.of(GITHUB_SECRET)).matching(RequestMatch.of(List.of("POST"), "/hooks/github")),
            VerifyWebhook.stripe(Secret.of("whsec_0123456789abcdef")).withTolerance(Duration.ofSeconds(600)).matching(RequestMatch.path("/hooks/stripe")),
            VerifyWebhook.hmacSha256("X-Signature", Secret.of("generic")).matching(RequestMatch.path("/hooks/other")),
            RateLimit.perTunnel(600, RateLimit.Window.MINUTE),
            RateLimit.perCallerIp(10, RateLimit.Window.SECOND),
            RequestHeaders.of(new HeaderEdits(List.of("X-Debug"), List.of(new dev.porthole.protocol.Header("X-Env", "staging")),
                List.of(new dev.porthole.protocol.Header("X-Tag", "a"), new dev.porthole.protocol.Header("X-Tag", "b")))),
            ResponseHeaders.of(HeaderEdits.adding("Strict-Transport-Security", "max-age=63072000")),
            FixedResponse.of(RequestMatch.of(List.of("GET", "HEAD"), "/robots.txt"), StaticResponse.of(200, "User-agent: *\nDisallow: /\n")),
            Deny.matching(RequestMatch.path("/admin/**")),
            FallbackResponse.of(EnumSet.of(Unavailability.TUNNEL_OFFLINE, Unavailability.LOCAL_SERVICE_DOWN),
                StaticResponse.of(503, HttpHeaders.of("Retry-After", "120", "Content-Type", "text/html"), "<h1>Back soon</h1>")));
    }

    @Test
    void everyKindSurvivesARoundTripAndEncodesTheSameWayEachTime() {
        TrafficPolicy policy = everyKind();
        String json = PolicyJson.encode(policy);
        TrafficPolicy back = PolicyJson.decode(json);

        assertThat(back).isEqualTo(policy);
        assertThat(PolicyJson.encode(back)).isEqualTo(json);
        System.out.println("every kind of rule, encoded: " + json.getBytes(StandardCharsets.UTF_8).length + " bytes");
    }

    @Test
    void theFormIsVersionedAndCompact() {
        String json = PolicyJson.encode(TrafficPolicy.of(RateLimit.perTunnel(60, RateLimit.Window.MINUTE),
            VerifyWebhook.slack(Secret.of("s3cr3t-slack-signing"))));

        assertThat(json).isEqualTo("{\"version\":1,\"rules\":[{\"kind\":\"rate-limit\",\"limit\":60,\"per\":\"minute\"},"
            + "{\"kind\":\"verify-webhook\",\"provider\":\"slack\",\"secret\":\"s3cr3t-slack-signing\"}]}");
        assertThat(PolicyJson.encode(TrafficPolicy.NONE)).isEqualTo("{\"version\":1,\"rules\":[]}");
        assertThat(PolicyJson.decode("{\"version\":1,\"rules\":[]}")).isSameAs(TrafficPolicy.NONE);
    }

    @Test
    void theRedactedFormShowsNoSecretAndCannotBeUsedAsAPolicy() {
        String redacted = PolicyJson.encodeRedacted(everyKind());

        assertThat(redacted).doesNotContain(GITHUB_SECRET).doesNotContain("whsec_0123456789abcdef").doesNotContain("\"generic\"")
            .contains("{\"redacted\":\"…7f3a\"}").contains("{\"redacted\":\"…cdef\"}").contains("{\"redacted\":\"…\"}");
        assertThatThrownBy(() -> PolicyJson.decode(redacted))
            .isInstanceOf(InvalidPolicyException.class)
            .hasMessage("rule 2 (verify-webhook): the secret is redacted (…7f3a); give the secret itself")
            .extracting(e -> ((InvalidPolicyException) e).pointer()).isEqualTo("/rules/1/secret");
    }

    @Test
    void secretsAreNeverInToString() {
        TrafficPolicy policy = everyKind();
        assertThat(policy.toString()).doesNotContain(GITHUB_SECRET).doesNotContain("whsec_0123456789abcdef").contains("…7f3a");
        assertThat(policy.rules().get(1).toString()).doesNotContain(GITHUB_SECRET);
        assertThat(Secret.of(GITHUB_SECRET).toString()).isEqualTo("…7f3a");
        assertThat(Secret.of("short").redacted()).as("too short to show any of it").isEqualTo("…");
        assertThat(policy.toString()).startsWith("TrafficPolicy[1. restrict-ips: allow 203.0.113.0/24, 2001:db8::/32; deny 203.0.113.13/32; "
            + "2. verify-webhook (POST /hooks/github): GitHub signature in X-Hub-Signature-256, secret …7f3a;");
    }

    @Test
    void validationNamesTheRuleByPositionAndKindAndPointsAtTheField() {
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"deny\"},{\"kind\":\"rate-limit\",\"limit\":0}]}",
            "/rules/1/limit", "rule 2 (rate-limit): limit must be from 1 to 1000000, got 0");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"rate-limit\",\"limt\":5}]}",
            "/rules/0/limt", "rule 1 (rate-limit): unknown field \"limt\"; the fields here are match, limit, per, by");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"verify-webhook\",\"provider\":\"gitlab\",\"secret\":\"x\"}]}",
            "/rules/0/provider", "rule 1 (verify-webhook): \"gitlab\" is not a provider Porthole knows; use github, stripe, slack, shopify, twilio or hmac-sha256");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"verify-webhook\",\"provider\":\"github\"}]}",
            "/rules/0", "rule 1 (verify-webhook): secret is missing");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"verify-webhook\",\"provider\":\"hmac-sha256\",\"secret\":\"x\"}]}",
            "/rules/0/header", "rule 1 (verify-webhook): hmac-sha256 needs the header that carries the signature, e.g. header: X-Signature");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"verify-webhook\",\"provider\":\"github\",\"secret\":\"x\",\"tolerance\":60}]}",
            "/rules/0/tolerance", "rule 1 (verify-webhook): github signatures carry no timestamp; tolerance is only for stripe and slack");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"restrict-ips\",\"allow\":[\"10.0.0.0/8\",\"10.1.2.3/8\"]}]}",
            "/rules/0/allow/1", "rule 1 (restrict-ips): \"10.1.2.3/8\" has bits set after the /8 prefix; did you mean 10.0.0.0/8?");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"restrict-ips\"}]}",
            "/rules/0", "rule 1 (restrict-ips): give at least one range to allow or deny");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"deny\",\"match\":{\"path\":\"admin\"}}]}",
            "/rules/0/match/path", "rule 1 (deny): match: path pattern \"admin\" must start with /");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"deny\",\"match\":{\"methods\":[\"GE T\"]}}]}",
            "/rules/0/match/methods/0", "rule 1 (deny): match: \"GE T\" is not an HTTP method (e.g. GET, POST)");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"fixed-response\",\"status\":99}]}",
            "/rules/0/status", "rule 1 (fixed-response): status must be from 200 to 599, got 99");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"fixed-response\"}]}",
            "/rules/0/status", "rule 1 (fixed-response): status is missing, e.g. status: 200");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"allow-ip\"}]}",
            "/rules/0/kind", "rule 1: \"allow-ip\" is not a kind of rule; use one of restrict-ips, request-headers, response-headers, "
                + "verify-webhook, rate-limit, fixed-response, deny, fallback-response");
        assertInvalid("{\"version\":1,\"rules\":[{\"allow\":[]}]}",
            "/rules/0", "rule 1 has no kind; use one of restrict-ips, request-headers, response-headers, verify-webhook, rate-limit, "
                + "fixed-response, deny, fallback-response");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"rate-limit\",\"limit\":5,\"per\":\"day\"}]}",
            "/rules/0/per", "rule 1 (rate-limit): per must be second, minute or hour, got \"day\"");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"fallback-response\",\"when\":[\"sometimes\"],\"status\":503}]}",
            "/rules/0/when", "rule 1 (fallback-response): \"sometimes\" is not a situation; use tunnel-offline or local-service-down");
    }

    @Test
    void headersApiGatewayOrPortholeReserveAreRefused() {
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"request-headers\",\"set\":{\"X-Forwarded-For\":\"1.2.3.4\"}}]}",
            "/rules/0/set/X-Forwarded-For", "rule 1 (request-headers): X-Forwarded-For is reserved by API Gateway; rules cannot change it");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"response-headers\",\"remove\":[\"X-Porthole-Error\"]}]}",
            "/rules/0/remove/0", "rule 1 (response-headers): X-Porthole-Error is set by Porthole itself; rules cannot change it");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"request-headers\",\"add\":{\"Host\":\"evil\"}}]}",
            "/rules/0/add/Host", "rule 1 (request-headers): Host is set by the agent (see --keep-public-host); rules cannot change it");
        for (String reserved : List.of("authorization", "Content-Length", "access-control-allow-origin", "apigw-requestid", "x-amzn-trace-id",
            "x-amz-date", "Transfer-Encoding", "Via", "Forwarded", "Origin")) {
            assertThatThrownBy(() -> HeaderEdits.removing(reserved)).as(reserved).hasMessageContaining("rules cannot change it");
        }
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"fixed-response\",\"status\":200,\"headers\":{\"Content-Length\":\"5\"}}]}",
            "/rules/0/headers/Content-Length", "rule 1 (fixed-response): Content-Length is reserved by API Gateway; rules cannot change it");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"request-headers\",\"add\":{\"X-A\":\"a\\r\\nX-B: b\"}}]}",
            "/rules/0/add/X-A", "rule 1 (request-headers): the value of header X-A must not contain line breaks or control characters");
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"request-headers\"}]}",
            "/rules/0", "rule 1 (request-headers): it changes nothing: give at least one header to remove, set or add");
    }

    @Test
    void theWholePolicyIsCheckedToo() {
        assertInvalid("{\"version\":1,\"rules\":[{\"kind\":\"fallback-response\",\"when\":[\"tunnel-offline\"],\"status\":503},"
                + "{\"kind\":\"deny\"},{\"kind\":\"fallback-response\",\"when\":[\"local-service-down\",\"tunnel-offline\"],\"status\":502}]}",
            "/rules/2/when", "rule 3 (fallback-response): rule 1 already answers when tunnel-offline; keep one of them");
        assertInvalid("{\"version\":2,\"rules\":[]}", "/version", "this policy is version 2; this Porthole reads version 1 (update Porthole to use it)");
        assertInvalid("{\"rules\":[]}", "", "version is missing");
        assertInvalid("{\"version\":1}", "", "rules is missing");
        assertInvalid("{\"version\":1,\"rules\":{}}", "/rules", "rules must be a list");
        assertInvalid("{\"version\":1,\"rules\":[],\"extra\":true}", "/extra", "unknown field \"extra\"; the fields here are version, rules");
        assertInvalid("{\"version\":1,\"rules\":[", "", "the policy is not valid JSON (line 1, column 23)");
        assertInvalid("{\"version\":1,\"version\":1,\"rules\":[]}", "", "the policy is not valid JSON (line 1, column 23)");
        assertInvalid("[]", "", "the policy must be a mapping of names to values");
        assertInvalid("", "", "the policy is empty");
    }

    @Test
    void aPolicyLargerThan64KbIsRefusedWithAMessageSayingWhatToTrim() {
        String page = "x".repeat(30_000);
        List<Rule> rules = List.of(
            FixedResponse.of(RequestMatch.path("/a"), StaticResponse.of(200, page)),
            FixedResponse.of(RequestMatch.path("/b"), StaticResponse.of(200, page)),
            FixedResponse.of(RequestMatch.path("/c"), StaticResponse.of(200, page)));

        assertThatThrownBy(() -> TrafficPolicy.of(rules))
            .isInstanceOf(InvalidPolicyException.class)
            .hasMessageStartingWith("the policy takes 90")
            .hasMessageContaining("more than the 65536 a tunnel can store; use fewer or shorter rules (fixed-response bodies first)");
        TrafficPolicy twoPages = TrafficPolicy.of(rules.subList(0, 2));
        assertThat(PolicyJson.encode(twoPages).length()).isLessThanOrEqualTo(PolicyJson.MAX_ENCODED_BYTES);
        assertThatThrownBy(() -> PolicyJson.decode("{\"version\":1,\"rules\":[],\"pad\":\"" + "y".repeat(70_000) + "\"}"))
            .hasMessage("the policy is larger than 65536 bytes");
        assertThatThrownBy(() -> StaticResponse.of(200, "z".repeat(StaticResponse.MAX_BODY_BYTES + 1))).hasMessageContaining("larger than 32 KB");
    }

    @Test
    void headerValuesMayBeRepeatedOrWrittenAsNumbers() {
        TrafficPolicy policy = PolicyJson.decode("{\"version\":1,\"rules\":[{\"kind\":\"fallback-response\",\"when\":[\"tunnel-offline\"],"
            + "\"status\":503,\"headers\":{\"Retry-After\":120,\"Set-Cookie\":[\"a=1\",\"b=2\"]}}]}");

        FallbackResponse fallback = (FallbackResponse) policy.rules().getFirst();
        assertThat(fallback.response().headers()).isEqualTo(HttpHeaders.of("Retry-After", "120", "Set-Cookie", "a=1", "Set-Cookie", "b=2"));
    }

    private static void assertInvalid(String json, String pointer, String message) {
        assertThatThrownBy(() -> PolicyJson.decode(json))
            .isInstanceOf(InvalidPolicyException.class)
            .hasMessage(message)
            .extracting(e -> ((InvalidPolicyException) e).pointer()).as("pointer of " + message).isEqualTo(pointer);
    }
}
