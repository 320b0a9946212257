package dev.porthole.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porthole.protocol.ErrorCode;
import dev.porthole.protocol.ErrorMessage;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.protocol.Ready;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How traffic rules reach the backend, at the protocol level: announced at {@code $connect}
 * ({@code X-Porthole-Policy: follows}), carried by {@code ready}, in force before {@code established} — and until then
 * nothing reaches the agent. Bad rules get an {@code error} with code {@code bad_policy} that names the rule, never its
 * secret, and the tunnel stays closed.
 */
class TrafficRulesHandshakeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ANNOUNCED = Map.of(Handshake.POLICY_HEADER, Handshake.POLICY_FOLLOWS);

    private static JsonNode policy(String rules) throws Exception {
        return JSON.readTree("{\"version\":1,\"rules\":[" + rules + "]}");
    }

    private static Map<String, String> announced(String tunnelId) {
        return Map.of(Handshake.POLICY_HEADER, Handshake.POLICY_FOLLOWS, Handshake.TUNNEL_ID_HEADER, tunnelId);
    }

    private static URI url(String tunnelId) {
        return URI.create(Backends.shared().publicUrl() + tunnelId + "/");
    }

    @Test
    void announcedRulesHoldTheTunnelClosedUntilReadyBringsThem() throws Exception {
        LocalBackend backend = Backends.shared();
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, announced("held-closed"))) {
            HttpResponse<String> early = Backends.get(url("held-closed"));
            assertThat(early.statusCode()).isEqualTo(503);
            assertThat(early.headers().firstValue("X-Porthole-Error")).contains("tunnel-offline");
            assertThat(agent.pollRequest(Duration.ofMillis(300))).as("nothing reaches an agent whose rules are not in force").isNull();

            agent.send(new Ready(Handshake.PROTOCOL_VERSION, "test-agent/1", policy("{\"kind\":\"request-headers\",\"set\":{\"X-Rule\":\"on\"}}")));
            Established established = agent.await(Established.class);
            agent.useAnswers(established.answers());
            assertThat(established.policyRules()).isEqualTo(1);

            CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> {
                try {
                    return Backends.get(url("held-closed"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            TestAgent.Request request = agent.nextRequest();
            assertThat(request.head().headers().all("x-rule")).containsExactly("on");
            assertThat(request.head().policy()).isEqualTo("allowed (rule 1 (request-headers))");
            agent.respond(request.head().id(), 200, HttpHeaders.of("Content-Type", "text/plain"), "ok".getBytes(StandardCharsets.UTF_8));
            assertThat(pending.join().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void badRulesAreRefusedByNameWithoutTheirSecretAndTheTunnelStaysClosed() throws Exception {
        LocalBackend backend = Backends.shared();
        String secret = "abcdefghijklmnop-very-secret";
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, announced("bad-rules"))) {
            agent.send(new Ready(Handshake.PROTOCOL_VERSION, "test-agent/1",
                policy("{\"kind\":\"deny\",\"match\":{\"path\":\"/x\"}},{\"kind\":\"verify-webhook\",\"provider\":\"gitlab\",\"secret\":\"" + secret + "\"}")));
            ErrorMessage refused = agent.awaitError(ErrorCode.BAD_POLICY);
            assertThat(refused.message()).contains("rule 2 (verify-webhook)").contains("gitlab").contains("Fix that rule")
                .doesNotContain(secret);
            assertThat(refused.id()).isNull();

            assertThat(Backends.get(url("bad-rules")).statusCode()).isEqualTo(503);
            assertThat(agent.pollRequest(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void rulesMustBeAnnouncedAndAnnouncedRulesMustCome() throws Exception {
        LocalBackend backend = Backends.shared();
        try (TestAgent unannounced = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, Map.of(Handshake.TUNNEL_ID_HEADER, "unannounced"))) {
            unannounced.send(new Ready(Handshake.PROTOCOL_VERSION, "test-agent/1", policy("{\"kind\":\"deny\"}")));
            assertThat(unannounced.awaitError(ErrorCode.BAD_POLICY).message()).contains(Handshake.POLICY_HEADER);
        }
        try (TestAgent missing = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, ANNOUNCED)) {
            missing.send(new Ready(Handshake.PROTOCOL_VERSION, "test-agent/1"));
            assertThat(missing.awaitError(ErrorCode.BAD_POLICY).message()).contains("carried none");
        }
    }

    @Test
    void anAgentWithoutRulesIsConfirmedWithNone() throws Exception {
        try (TestAgent agent = TestAgent.connect(Backends.shared().websocketUrl(), Backends.TOKEN)) {
            assertThat(agent.ready().policyRules()).isZero();
        }
    }

    @Test
    void aPolicyLargerThanOneFrameArrivesInSeveral() throws Exception {
        LocalBackend backend = Backends.shared();
        String page = "<p>" + "maintenance ".repeat(2_500) + "</p>"; // ~30 KB: the whole ready is over one 32 KB frame
        String rules = "{\"kind\":\"fixed-response\",\"match\":{\"path\":\"/a\"},\"status\":200,\"body\":\"" + page + "\"},"
            + "{\"kind\":\"fixed-response\",\"match\":{\"path\":\"/b\"},\"status\":503,\"body\":\"" + page + "\"}";
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, announced("large-policy"))) {
            String ready = dev.porthole.protocol.MessageCodec.encode(new Ready(Handshake.PROTOCOL_VERSION, "test-agent/1", policy(rules)));
            assertThat(ready.length()).isGreaterThan(60_000);
            agent.sendFragmented(ready, 8_000);
            assertThat(agent.await(Established.class).policyRules()).isEqualTo(2);
            HttpResponse<String> b = Backends.get(URI.create(url("large-policy") + "b"));
            assertThat(b.statusCode()).isEqualTo(503);
            assertThat(b.body()).isEqualTo(page);
        }
    }
}
