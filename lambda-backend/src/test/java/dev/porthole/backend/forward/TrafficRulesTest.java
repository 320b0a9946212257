package dev.porthole.backend.forward;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.porthole.policy.PolicyJson;
import dev.porthole.policy.PolicyRequest;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.engine.Decision;
import dev.porthole.policy.engine.PolicyResponse;
import dev.porthole.policy.engine.RefusalCode;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The function's side of the traffic rules, on an API Gateway event as AWS sends one (a named stage, a custom domain). */
class TrafficRulesTest {
    private static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final URI PUBLIC_URL = URI.create("https://hooks.example.com/prod/");
    private final TrafficRules rules = new TrafficRules();

    private static APIGatewayV2HTTPEvent webhookEvent(String signature) throws Exception {
        try (InputStream in = TrafficRulesTest.class.getResourceAsStream("/events/http-v2-webhook-post.json")) {
            APIGatewayV2HTTPEvent event = JSON.readValue(in, APIGatewayV2HTTPEvent.class);
            event.getHeaders().put("x-twilio-signature", signature);
            return event;
        }
    }

    private static PolicyRequest judged(APIGatewayV2HTTPEvent event) {
        List<Header> lines = new ArrayList<>();
        event.getHeaders().forEach((name, value) -> lines.add(new Header(name, value)));
        Route route = new Route("k3x9q2m7vb4tz", "/hooks/sms", "/k3x9q2m7vb4tz", true, new TunnelDirectory.Lookup.Unknown());
        return PublicRequestHandler.judged(event, route, HttpHeaders.of(lines), event.getBody().getBytes(StandardCharsets.UTF_8),
            PUBLIC_URL, Instant.now());
    }

    private static TrafficPolicy policy(String rules) {
        return PolicyJson.decode("{\"version\":1,\"rules\":[" + rules + "]}");
    }

    @Test
    void theCallerIsTheAddressApiGatewaySawNotTheXForwardedForItWrote() throws Exception {
        PolicyRequest request = judged(webhookEvent("x"));
        assertThat(request.sourceIp()).isEqualTo("198.51.100.23");
        assertThat(request.path()).isEqualTo("/hooks/sms");

        Decision spoofed = rules.decide(policy("{\"kind\":\"restrict-ips\",\"allow\":[\"10.0.0.0/8\"]}"), request);
        assertThat(spoofed).isInstanceOfSatisfying(Decision.Refuse.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.IP_DENIED));
        assertThat(rules.decide(policy("{\"kind\":\"restrict-ips\",\"allow\":[\"198.51.100.0/24\"]}"), request))
            .isInstanceOf(Decision.Forward.class);
    }

    /** Twilio signs the URL it called: the custom domain, the stage and the tunnel's prefix, and the query. */
    @Test
    void aTwilioSignatureIsCheckedAgainstTheUrlTheCallerUsed() throws Exception {
        String secret = "twilio-auth-token-0123456789";
        String url = "https://hooks.example.com/prod/k3x9q2m7vb4tz/hooks/sms?x=1";
        assertThat(judged(webhookEvent("x")).publicUrl()).contains(url);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal((url + "Bodyhello" + "From+14155550100").getBytes(StandardCharsets.UTF_8)));
        TrafficPolicy twilio = policy("{\"kind\":\"verify-webhook\",\"provider\":\"twilio\",\"secret\":\"" + secret + "\"}");

        assertThat(rules.decide(twilio, judged(webhookEvent(signature)))).isInstanceOf(Decision.Forward.class);
        assertThat(rules.decide(twilio, judged(webhookEvent(signature.substring(1) + "A"))))
            .isInstanceOfSatisfying(Decision.Refuse.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.WEBHOOK_SIGNATURE_INVALID));
    }

    private static final TrafficPolicy FALLBACK = policy("""
        {"kind":"fallback-response","when":["local-service-down"],"status":503,"headers":{"Retry-After":"120"},"body":"down"}""");

    @Test
    void theFallbackReplacesOnlyTheAnswersForTheSituationsItNames() {
        APIGatewayV2HTTPResponse localRefused = ErrorResponses.of(502, "local-refused", "refused", "start it");
        APIGatewayV2HTTPResponse timeout = ErrorResponses.timeout("t", 25_000);
        APIGatewayV2HTTPResponse tooLarge = ErrorResponses.requestTooLarge("t", 10, 5);
        APIGatewayV2HTTPResponse offline = ErrorResponses.offline("t");

        APIGatewayV2HTTPResponse replaced = TrafficRules.toResponse(rules.fallback(FALLBACK, localRefused).orElseThrow().response());
        assertThat(replaced.getStatusCode()).isEqualTo(503);
        assertThat(replaced.getBody()).isEqualTo("down");
        assertThat(replaced.getHeaders()).containsEntry("Retry-After", "120").containsEntry("x-porthole-error", "local-refused");
        assertThat(rules.fallback(FALLBACK, timeout)).as("the backend gave up waiting: the local service is down").isPresent();
        assertThat(rules.fallback(FALLBACK, tooLarge)).as("not an outage").isEmpty();
        assertThat(rules.fallback(FALLBACK, offline)).as("no fallback for tunnel-offline in this policy").isEmpty();
        assertThat(rules.fallback(TrafficPolicy.NONE, localRefused)).isEmpty();
    }

    @Test
    void aRulesResponseKeepsEveryHeaderLineAndItsCookies() {
        PolicyResponse response = new PolicyResponse(200, HttpHeaders.of("Content-Type", "text/plain", "Link", "</a>", "Link", "</b>",
            "Set-Cookie", "a=1", "Set-Cookie", "b=2"), "ok".getBytes(StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse converted = TrafficRules.toResponse(response);
        assertThat(converted.getHeaders()).isEqualTo(Map.of("Content-Type", "text/plain", "Link", "</a>, </b>"));
        assertThat(converted.getCookies()).containsExactly("a=1", "b=2");
        assertThat(converted.getBody()).isEqualTo("ok");
        assertThat(converted.getIsBase64Encoded()).isFalse();
    }
}
