package dev.porthole.local;

import dev.porthole.backend.store.DynamoTunnelStore;
import dev.porthole.local.dynamodb.DynamoDbLocalServer;
import dev.porthole.local.wiring.TemplateWiring;
import dev.porthole.protocol.ErrorCode;
import dev.porthole.protocol.ErrorMessage;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.Ready;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code $connect} and {@code ready}: who gets in, which tunnel they get, and what they are told. */
class HandshakeTest {
    private final LocalBackend backend = Backends.shared();

    private static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aMissingOrWrongTokenIsRefusedWith401() {
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), "wrong", Map.of())).isEqualTo(401);
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), null, Map.of())).isEqualTo(401);
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, Map.of())).isEqualTo(101);
    }

    /** A script trying tokens costs a line a minute in the log, not a line per attempt. */
    @Test
    void manyWrongTokensAreSummarisedNotLoggedOneByOne() throws Exception {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.porthole.backend.connection.ConnectHandler");
        java.util.List<java.util.logging.LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        int environments;
        // its own backend: 200 handshakes use up the $connect route's stage throttle, which other tests must not meet
        try (LocalBackend guessedAt = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN))) {
            int refused = 0;
            for (int i = 0; i < 200; i++) {
                int status = TestAgent.handshakeStatus(guessedAt.websocketUrl(), "wrong-" + i, Map.of());
                // past the stage's $connect throttle API Gateway answers 429 without invoking the function
                assertThat(status).isIn(401, 429);
                refused += status == 401 ? 1 : 0;
            }
            assertThat(refused).as("handshakes the function refused").isGreaterThanOrEqualTo(50);
            environments = guessedAt.hooks().executionEnvironments();
        } finally {
            log.removeHandler(capture);
        }
        System.out.printf("200 refused handshakes wrote %d warning lines (%d execution environments)%n", warnings.size(), environments);
        // each environment keeps its own summary, as each Lambda environment would: at most its first refusal at once
        assertThat(warnings).as("warning lines for 200 refused handshakes").hasSizeLessThanOrEqualTo(Math.min(environments, 5));
    }

    @Test
    void anUnknownProtocolVersionIsRefusedWith426AndAReadyWithOneGetsAClearError() throws Exception {
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, Map.of(Handshake.PROTOCOL_HEADER, "99")))
            .isEqualTo(426);
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            agent.send(new Ready(99, "from-the-future/9"));
            ErrorMessage error = agent.await(ErrorMessage.class);
            assertThat(error.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_PROTOCOL);
            assertThat(error.message()).contains("protocol " + Handshake.PROTOCOL_VERSION).contains("99");
        }
    }

    @Test
    void anInvalidRequestedIdIsRefusedWith400() {
        for (String bad : new String[]{"AB", "-x-", "has_underscore", "a".repeat(41)}) {
            assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, Map.of(Handshake.TUNNEL_ID_HEADER, bad)))
                .as(bad).isEqualTo(400);
        }
    }

    @Test
    void aRequestedIdIsKeptAcrossReconnectsAndHeldByOneLiveAgentOnly() throws Exception {
        String id = uniqueId("shop");
        Map<String, String> asking = Map.of(Handshake.TUNNEL_ID_HEADER, id);
        try (TestAgent first = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, asking)) {
            Established established = first.ready();
            assertThat(established.tunnelId()).isEqualTo(id);
            assertThat(established.publicUrl()).isEqualTo(backend.publicUrl() + id + "/");
            assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, asking)).isEqualTo(409);
            first.close();
            first.awaitClose();
        }
        // $disconnect runs asynchronously after the close; the ID frees up as soon as it has
        TestAgent again = null;
        long deadline = System.currentTimeMillis() + 5_000;
        while (again == null && System.currentTimeMillis() < deadline) {
            try {
                again = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, asking);
            } catch (java.util.concurrent.CompletionException stillHeld) {
                Thread.sleep(50);
            }
        }
        assertThat(again).as("the ID was free again within 5 s").isNotNull();
        try (TestAgent reconnected = again) {
            assertThat(reconnected.ready().publicUrl()).isEqualTo(backend.publicUrl() + id + "/");
        }
    }

    @Test
    void theSameAgentHandsItsTunnelToANewConnectionWithItsResumeToken() throws Exception {
        String id = uniqueId("resume");
        try (TestAgent old = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, Map.of(Handshake.TUNNEL_ID_HEADER, id))) {
            Established before = old.ready();
            assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN,
                Map.of(Handshake.TUNNEL_ID_HEADER, id, Handshake.RESUME_HEADER, "forged-token"))).isEqualTo(409);
            try (TestAgent next = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN,
                Map.of(Handshake.TUNNEL_ID_HEADER, id, Handshake.RESUME_HEADER, before.resumeToken()))) {
                Established after = next.ready();
                assertThat(after.tunnelId()).isEqualTo(id);
                assertThat(after.connectionId()).isNotEqualTo(before.connectionId());
                assertThat(old.isClosed()).as("the old connection stays open to finish its requests").isFalse();
            }
        }
    }

    @Test
    void anOwnerWhoseDisconnectNeverArrivedIsTakenOver() throws Exception {
        String id = uniqueId("stale");
        // what a lost $disconnect leaves behind: the tunnel owned by a connection that no longer exists
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(backend.dynamoDbEndpoint())
            .region(DynamoDbLocalServer.REGION)
            .credentialsProvider(StaticCredentialsProvider.create(backend.hooks().awsCredentials())).build()) {
            DynamoTunnelStore store = new DynamoTunnelStore(dynamo, TemplateWiring.STACK_NAME + "-Table", Clock.systemUTC());
            assertThat(store.claim(id, "Gone+Connection=", dev.porthole.backend.store.TunnelPolicy.OPEN)).isTrue();
        }
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, Map.of(Handshake.TUNNEL_ID_HEADER, id))) {
            assertThat(agent.ready().tunnelId()).isEqualTo(id);
        }
    }

    @Test
    void theAgentsApiNoLongerTakesRelaysAndTheRelayApiRefusesUnsignedConnections() throws Exception {
        // a relay credential header, as relays once used, is no agent token
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), null, Map.of("X-Porthole-Relay", "1700000000.forged"))).isEqualTo(401);
        URI relayApi = URI.create(backend.websocketUrl().toString().replace("/_porthole/ws/", "/_porthole/relay/"));
        assertThat(TestAgent.handshakeStatus(relayApi, Backends.TOKEN, Map.of())).isEqualTo(403);
    }
}
