package dev.porthole.agent;

import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.agent.testing.ScriptedBackend;
import dev.porthole.agent.testing.ScriptedBackend.ReadyAnswer;
import dev.porthole.agent.testing.ScriptedBackend.Reply;
import dev.porthole.agent.testing.ScriptedBackend.UpgradeAttempt;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The tunnel's connection against a real WebSocket server: handshake answers, reconnects, heartbeats, planned handover. */
class ConnectionTest {
    private static final String TOKEN = "test-token-connection";

    private ScriptedBackend backend;
    private Origin origin;
    private final List<TunnelAgent> agents = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        backend = ScriptedBackend.start(TOKEN);
        origin = Origin.start();
    }

    @AfterEach
    void stop() throws Exception {
        agents.forEach(TunnelAgent::close);
        origin.close();
        backend.close();
    }

    private AgentOptions.Builder options() {
        return AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port())
            .localHost("127.0.0.1")
            .establishTimeout(Duration.ofSeconds(2))
            .reconnectBaseDelay(Duration.ofMillis(50))
            .reconnectMaxDelay(Duration.ofMillis(400));
    }

    private TunnelAgent agent(AgentOptions options) {
        TunnelAgent agent = new TunnelAgent(options);
        agents.add(agent);
        return agent;
    }

    private static List<TunnelStatus> record(TunnelAgent agent) {
        List<TunnelStatus> seen = new CopyOnWriteArrayList<>();
        agent.onStatus(seen::add);
        return seen;
    }

    private static TunnelStatus.Online online(TunnelAgent agent) throws InterruptedException {
        TunnelStatus status = agent.awaitOnline(Duration.ofSeconds(10));
        assertThat(status).isInstanceOf(TunnelStatus.Online.class);
        return (TunnelStatus.Online) status;
    }

    private static TunnelStatus.Failed failed(TunnelAgent agent) throws InterruptedException {
        TunnelStatus status = agent.awaitOnline(Duration.ofSeconds(10));
        assertThat(status).isInstanceOf(TunnelStatus.Failed.class);
        return (TunnelStatus.Failed) status;
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void presentsTokenProtocolAndTunnelIdAndComesOnlineWithThePublicUrl() throws Exception {
        TunnelAgent agent = agent(options().tunnelId("my-app").build());
        List<TunnelStatus> statuses = record(agent);
        agent.start();

        TunnelStatus.Online online = online(agent);

        assertThat(online.tunnelId()).isEqualTo("my-app");
        assertThat(online.publicUrl()).isEqualTo(URI.create("http://127.0.0.1:" + backend.port() + "/my-app/"));
        UpgradeAttempt upgrade = backend.upgrades().getFirst();
        assertThat(upgrade.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(upgrade.header("X-Porthole-Protocol")).isEqualTo(Integer.toString(dev.porthole.protocol.Handshake.PROTOCOL_VERSION));
        assertThat(upgrade.header("X-Porthole-Tunnel-Id")).isEqualTo("my-app");
        assertThat(upgrade.header("X-Porthole-Resume")).isNull();
        assertThat(statuses).containsExactly(new TunnelStatus.Stopped(), new TunnelStatus.Connecting(), online);
    }

    @Test
    void getsARandomTunnelIdWhenItAsksForNone() throws Exception {
        TunnelAgent agent = agent(options().build());
        agent.start();

        TunnelStatus.Online online = online(agent);

        assertThat(online.tunnelId()).matches("[a-z2-7]{13}");
        assertThat(backend.upgrades().getFirst().header("X-Porthole-Tunnel-Id")).isNull();
    }

    @Test
    void failsAtOnceWithAWrongToken() throws Exception {
        TunnelAgent agent = agent(options().token("not-the-token").build());
        agent.start();

        TunnelStatus.Failed failed = failed(agent);

        assertThat(failed.reason()).isEqualTo(FailureReason.BAD_TOKEN);
        assertThat(failed.message()).contains("token").doesNotContain("not-the-token");
        Thread.sleep(300);
        assertThat(backend.upgrades()).as("no retry with a token the backend refused").hasSize(1);
    }

    @Test
    void failsAtOnceWhenTheTunnelIdIsTakenByAnotherAgent() throws Exception {
        TunnelAgent first = agent(options().tunnelId("shared-name").build());
        first.start();
        online(first);

        TunnelAgent second = agent(options().tunnelId("shared-name").build());
        second.start();
        TunnelStatus.Failed failed = failed(second);

        assertThat(failed.reason()).isEqualTo(FailureReason.TUNNEL_ID_TAKEN);
        assertThat(failed.message()).contains("shared-name").contains("another agent");
        assertThat(first.status()).isInstanceOf(TunnelStatus.Online.class);
    }

    /** The scripted backend, like one deployed before these features, does not confirm them in its established. */
    @Test
    void refusesToComeOnlineWhenTheBackendDoesNotConfirmThePasswordOrCatching() throws Exception {
        TunnelAgent guarded = agent(options().basicAuth("team", "secret").build());
        guarded.start();
        TunnelStatus.Failed unprotected = failed(guarded);
        assertThat(unprotected.reason()).isEqualTo(FailureReason.PROTOCOL_REFUSED);
        assertThat(unprotected.message()).contains("open to anyone").contains("update the backend");
        assertThat(backend.upgrades().getFirst().header("X-Porthole-Access")).startsWith("basic ").doesNotContain("secret");

        TunnelAgent catching = agent(options().catchWhileOffline(true).build());
        catching.start();
        assertThat(failed(catching).message()).contains("cannot keep requests");
    }

    @Test
    void failsWhenTheBackendCallsTheTunnelIdInvalid() throws Exception {
        backend.refuseUpgrades(400);
        TunnelAgent agent = agent(options().tunnelId("abc").build());
        agent.start();

        assertThat(failed(agent).reason()).isEqualTo(FailureReason.INVALID_TUNNEL_ID);
    }

    @Test
    void failsWhenTheBackendRefusesTheProtocolInTheUpgrade() throws Exception {
        backend.refuseUpgrades(426);
        TunnelAgent agent = agent(options().build());
        agent.start();

        TunnelStatus.Failed failed = failed(agent);
        assertThat(failed.reason()).isEqualTo(FailureReason.PROTOCOL_REFUSED);
        assertThat(failed.message()).contains("protocol version " + dev.porthole.protocol.Handshake.PROTOCOL_VERSION);
    }

    @Test
    void failsWhenTheBackendRefusesTheProtocolAfterReady() throws Exception {
        backend.answerReady(ReadyAnswer.UNSUPPORTED_PROTOCOL);
        TunnelAgent agent = agent(options().build());
        agent.start();

        TunnelStatus.Failed failed = failed(agent);
        assertThat(failed.reason()).isEqualTo(FailureReason.PROTOCOL_REFUSED);
        assertThat(failed.message()).contains("protocol " + dev.porthole.protocol.Handshake.PROTOCOL_VERSION + " is not supported");
    }

    @Test
    void failsWithoutRetryingWhenTheBackendRefusesTheRules() throws Exception {
        backend.answerReady(ReadyAnswer.BAD_POLICY);
        TunnelAgent agent = agent(options().build());
        agent.start();

        TunnelStatus.Failed failed = failed(agent);
        assertThat(failed.reason()).as("the rules, not the versions, are what to fix").isEqualTo(FailureReason.RULES_REFUSED);
        assertThat(failed.message()).contains("rule 1 (verify-webhook)");
    }

    @Test
    void retriesWhenTheBackendNeverConfirmsTheTunnel() throws Exception {
        backend.answerReady(ReadyAnswer.SILENCE);
        TunnelAgent agent = agent(options().establishTimeout(Duration.ofMillis(300)).build());
        List<TunnelStatus> statuses = record(agent);
        agent.start();

        eventually("a retry after the silence", () -> statuses.stream().anyMatch(s -> s instanceof TunnelStatus.Reconnecting));
        TunnelStatus.Reconnecting retry = (TunnelStatus.Reconnecting) statuses.stream()
            .filter(s -> s instanceof TunnelStatus.Reconnecting).findFirst().orElseThrow();
        assertThat(retry.reason()).isEqualTo(FailureReason.BACKEND_UNREACHABLE);
        assertThat(retry.message()).contains("did not confirm the tunnel");

        backend.answerReady(ReadyAnswer.ESTABLISHED);
        online(agent);
    }

    @Test
    void aRetryAfterAnUnconfirmedHandshakeAsksForTheIdTheBackendAlreadyClaimed() throws Exception {
        backend.answerReady(ReadyAnswer.SILENCE);
        TunnelAgent agent = agent(options().establishTimeout(Duration.ofMillis(300)).build());
        List<TunnelStatus> statuses = record(agent);
        agent.start();
        eventually("a retry after the silence", () -> backend.upgrades().size() >= 2);
        String claimed = backend.upgrades().getFirst().header("X-Porthole-Tunnel-Id");
        assertThat(claimed).as("the first attempt asked for no ID").isNull();
        backend.answerReady(ReadyAnswer.ESTABLISHED);
        TunnelStatus.Online online = online(agent);
        // the first attempt's random ID was claimed by the backend; every later attempt asks for that one
        String firstClaim = online.tunnelId();
        assertThat(backend.upgrades().subList(1, backend.upgrades().size()))
            .allSatisfy(u -> assertThat(u.header("X-Porthole-Tunnel-Id")).isEqualTo(firstClaim));
    }

    @Test
    void answersArePostedToTheRelaySignedAndExpiredCredentialsAreRenewed() throws Exception {
        TunnelAgent agent = agent(options().build());
        agent.start();
        String tunnelId = online(agent).tunnelId();
        origin.handler(r -> Origin.Answer.text(200, "first"));
        assertThat(new String(backend.send(tunnelId, "GET", "/", HttpHeaders.EMPTY, new byte[0]).get(10, TimeUnit.SECONDS).body(),
            StandardCharsets.UTF_8)).isEqualTo("first");
        assertThat(backend.answerPosts()).isEqualTo(1);

        backend.expireAnswerCredentials();
        origin.handler(r -> Origin.Answer.text(200, "after renewal"));
        assertThat(new String(backend.send(tunnelId, "GET", "/", HttpHeaders.EMPTY, new byte[0]).get(10, TimeUnit.SECONDS).body(),
            StandardCharsets.UTF_8)).isEqualTo("after renewal");
        assertThat(backend.renewals()).isEqualTo(1);
    }

    @Test
    void retriesWithGrowingWaitsWhileTheBackendFailsThenComesOnline() throws Exception {
        backend.refuseUpgrades(503);
        TunnelAgent agent = agent(options().build());
        List<TunnelStatus> statuses = record(agent);
        agent.start();

        eventually("three failed attempts", () -> backend.upgrades().size() >= 4);
        backend.refuseUpgrades(0);
        online(agent);

        List<TunnelStatus.Reconnecting> retries = statuses.stream()
            .filter(s -> s instanceof TunnelStatus.Reconnecting).map(s -> (TunnelStatus.Reconnecting) s).toList();
        assertThat(retries).hasSizeGreaterThanOrEqualTo(3);
        assertThat(retries).extracting(TunnelStatus.Reconnecting::attempt).startsWith(1, 2, 3);
        assertThat(retries.getFirst().reason()).isEqualTo(FailureReason.BACKEND_UNREACHABLE);
        assertThat(retries.getFirst().message()).contains("HTTP 503");
    }

    @Test
    void waitsForABackendThatIsNotRunningYet() throws Exception {
        int port = backend.port();
        URI url = backend.websocketUrl();
        backend.close();
        TunnelAgent agent = agent(options().backendUrl(url).tunnelId("patient").build());
        List<TunnelStatus> statuses = record(agent);
        agent.start();

        eventually("a retry", () -> statuses.stream().anyMatch(s -> s instanceof TunnelStatus.Reconnecting r && r.attempt() >= 2));
        TunnelStatus.Reconnecting retry = (TunnelStatus.Reconnecting) statuses.stream()
            .filter(s -> s instanceof TunnelStatus.Reconnecting).findFirst().orElseThrow();
        assertThat(retry.message()).contains("cannot reach the backend").contains(url.toString());

        backend = ScriptedBackend.start(TOKEN, port);
        assertThat(online(agent).tunnelId()).isEqualTo("patient");
    }

    @Test
    void reconnectsAfterADropKeepingTheTunnelIdAndUrl() throws Exception {
        TunnelAgent agent = agent(options().build());
        List<TunnelStatus> statuses = record(agent);
        agent.start();
        TunnelStatus.Online before = online(agent);

        backend.dropConnections();

        eventually("a second connection", () -> backend.upgrades().size() == 2 && backend.owner(before.tunnelId()) != null);
        TunnelStatus.Online after = online(agent);
        assertThat(after).isEqualTo(before);
        UpgradeAttempt reconnect = backend.upgrades().get(1);
        assertThat(reconnect.header("X-Porthole-Tunnel-Id")).isEqualTo(before.tunnelId());
        assertThat(reconnect.header("X-Porthole-Resume")).isNotBlank();
        assertThat(statuses).anyMatch(s -> s instanceof TunnelStatus.Reconnecting r
            && r.reason() == FailureReason.BACKEND_UNREACHABLE && r.message().contains("connection lost"));

        // and it forwards again
        Reply reply = backend.send(before.tunnelId(), "GET", "/again", HttpHeaders.EMPTY, new byte[0]).get(10, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void pingsTheBackendAndReplacesAConnectionThatStopsAnswering() throws Exception {
        TunnelAgent agent = agent(options()
            .heartbeatInterval(Duration.ofMillis(100))
            .pongTimeout(Duration.ofMillis(300))
            .build());
        agent.start();
        TunnelStatus.Online online = online(agent);
        eventually("a few pings", () -> backend.pingsReceived() >= 3);
        assertThat(backend.upgrades()).as("answered pings keep the connection").hasSize(1);

        backend.answerPings(false);
        eventually("a new connection", () -> backend.upgrades().size() >= 2);
        backend.answerPings(true);

        assertThat(online(agent)).isEqualTo(online);
    }

    @Test
    void movesToANewConnectionBeforeTheOldOneExpiresWithoutDroppingARequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        origin.handler(r -> {
            if (r.rawTarget().equals("/slow")) {
                release.await(20, TimeUnit.SECONDS);
            }
            return Answer.text(200, r.rawTarget());
        });
        // long enough that the second connection is not replaced in turn while the test talks to it, short enough for a test
        TunnelAgent agent = agent(options().maxConnectionAge(Duration.ofMillis(2_000)).drainTimeout(Duration.ofSeconds(20)).build());
        List<TunnelStatus> statuses = record(agent);
        agent.start();
        String tunnelId = online(agent).tunnelId();
        String first = backend.owner(tunnelId);

        CompletableFuture<Reply> slow = backend.send(tunnelId, "GET", "/slow", HttpHeaders.EMPTY, new byte[0]);
        eventually("the slow request at the origin", () -> origin.receivedCount() == 1);
        eventually("the handover to a second connection", () -> !first.equals(backend.owner(tunnelId)));
        String second = backend.owner(tunnelId);

        UpgradeAttempt handover = backend.upgrades().get(1);
        assertThat(handover.header("X-Porthole-Tunnel-Id")).isEqualTo(tunnelId);
        assertThat(handover.header("X-Porthole-Resume")).isNotBlank();
        eventually("the old connection still open beside the new one while it holds a request",
            () -> backend.openConnections().containsAll(List.of(first, second)));

        Reply fast = backend.send(tunnelId, "GET", "/fast", HttpHeaders.EMPTY, new byte[0]).get(10, TimeUnit.SECONDS);
        assertThat(fast.connectionId()).isEqualTo(second);

        release.countDown();
        Reply slowReply = slow.get(10, TimeUnit.SECONDS);
        assertThat(slowReply.status()).isEqualTo(200);
        assertThat(new String(slowReply.body(), StandardCharsets.UTF_8)).isEqualTo("/slow");
        assertThat(slowReply.connectionId()).as("answered on the connection it came from").isEqualTo(first);
        eventually("the old connection closed", () -> !backend.openConnections().contains(first));

        assertThat(statuses).noneMatch(s -> s instanceof TunnelStatus.Reconnecting);
    }

    /** A backend routes to a connection once its handshake claimed the tunnel: a request may come before established. */
    @Test
    void answersARequestThatArrivesBeforeEstablished() throws Exception {
        origin.handler(r -> Answer.text(200, r.rawTarget()));
        backend.sendRequestBeforeEstablished("/early");
        TunnelAgent agent = agent(options().build());
        agent.start();
        online(agent);

        Reply early = backend.earlyRequest().get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        assertThat(early.status()).isEqualTo(200);
        assertThat(new String(early.body(), StandardCharsets.UTF_8)).isEqualTo("/early");
    }

    @Test
    void stopsForGoodWhenStopped() throws Exception {
        TunnelAgent agent = agent(options().build());
        agent.start();
        online(agent);

        agent.stop();

        assertThat(agent.status()).isEqualTo(new TunnelStatus.Stopped());
        eventually("the connection closed", () -> backend.openConnections().isEmpty());
        Thread.sleep(300);
        assertThat(backend.upgrades()).hasSize(1);

        agent.start();
        online(agent);
        assertThat(backend.upgrades()).hasSize(2);
    }

    @Test
    void aStoppedAgentFreesItsTunnelIdForTheNextAgent() throws Exception {
        TunnelAgent first = agent(options().tunnelId("handed-on").build());
        first.start();
        String url = online(first).publicUrl().toString();
        first.close();

        TunnelAgent second = agent(options().tunnelId("handed-on").build());
        second.start();
        assertThat(online(second).publicUrl().toString()).isEqualTo(url);
    }
}
