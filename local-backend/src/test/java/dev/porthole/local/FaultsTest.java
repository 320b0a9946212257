package dev.porthole.local;

import dev.porthole.protocol.ErrorCode;
import dev.porthole.protocol.ErrorMessage;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way a public request can fail, each with its own status, code and readable body — and fast. */
class FaultsTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static LocalBackend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN)
            .withTimeouts(LocalBackendOptions.AWS_INTEGRATION_TIMEOUT, REQUEST_TIMEOUT));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String... bodyContains) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-porthole-error")).contains(code);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body()).hasLineCount(2);
        for (String expected : bodyContains) {
            assertThat(response.body()).contains(expected);
        }
    }

    @Test
    void anUnknownTunnelIs404NamingIt() throws Exception {
        assertError(Backends.get(backend.publicUrl().resolve("nosuchtunnel/x")), 404, "tunnel-not-found", "\"nosuchtunnel\"");
        assertError(Backends.get(backend.publicUrl()), 404, "tunnel-not-found", "names no tunnel");
    }

    /** 503, not 404: webhook senders stop retrying on a 404. */
    @Test
    void anOfflineTunnelIs503WithRetryAfterSayingSoAndItsUrlStaysReserved() throws Exception {
        String id = "offline-" + Long.toHexString(System.nanoTime());
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, java.util.Map.of("X-Porthole-Tunnel-Id", id))) {
            agent.ready();
            agent.close();
            agent.awaitClose();
        }
        HttpResponse<String> response;
        long deadline = System.currentTimeMillis() + 5_000;
        do {
            response = Backends.get(backend.publicUrl().resolve(id + "/"));
        } while (response.statusCode() != 503 && System.currentTimeMillis() < deadline);
        assertError(response, 503, "tunnel-offline", id, "offline");
        assertThat(response.headers().firstValue("retry-after")).contains("30");
    }

    /**
     * An agent that crashed without a close (its {@code $disconnect} not yet run): the post to it fails with 410 and the
     * caller hears what is true for them — the tunnel is offline, try later — not that an agent went away mid-request.
     */
    @Test
    void theFirstRequestAfterAnAgentCrashIs503TunnelOffline() throws Exception {
        String id = "crashed-" + Long.toHexString(System.nanoTime());
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, java.util.Map.of("X-Porthole-Tunnel-Id", id))) {
            Established established = agent.ready();
            backend.hooks().forgetConnection(established.connectionId());

            HttpResponse<String> response = Backends.get(URI.create(established.publicUrl() + "hook"));

            assertError(response, 503, "tunnel-offline", id);
            assertThat(response.headers().firstValue("retry-after")).contains("30");
        }
    }

    @Test
    void anAgentThatNeverAnswersIs504AtTheDeadline() throws Exception {
        try (TestAgent silent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established established = silent.ready();
            long started = System.nanoTime();
            HttpResponse<String> response = Backends.get(URI.create(established.publicUrl() + "slow"));
            long took = (System.nanoTime() - started) / 1_000_000;
            assertError(response, 504, "agent-timeout", established.tunnelId());
            assertThat(took).isBetween(REQUEST_TIMEOUT.toMillis() - 100, REQUEST_TIMEOUT.toMillis() + 3_000);
        }
    }

    @Test
    void anAgentKilledMidRequestIs502WithinAboutASecond() throws Exception {
        TestAgent doomed = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN);
        Established established = doomed.ready();
        CompletableFuture<HttpResponse<String>> pending = Backends.HTTP.sendAsync(
            HttpRequest.newBuilder(URI.create(established.publicUrl() + "long")).build(), HttpResponse.BodyHandlers.ofString());
        doomed.nextRequest();
        long killedAt = System.nanoTime();
        doomed.kill();
        HttpResponse<String> response = pending.join();
        long took = (System.nanoTime() - killedAt) / 1_000_000;
        assertError(response, 502, "agent-gone", established.tunnelId());
        assertThat(took).as("the caller hears at once, not at the %s deadline", REQUEST_TIMEOUT).isLessThan(1_500);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeTheAgentSeesIt() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established established = agent.ready();
            byte[] tooBig = new byte[(int) established.maxBodyBytes() + 1];
            HttpResponse<String> response = Backends.HTTP.send(HttpRequest.newBuilder(URI.create(established.publicUrl() + "upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(tooBig)).build(), HttpResponse.BodyHandlers.ofString());
            assertError(response, 413, "body-too-large", String.valueOf(tooBig.length));
            assertThat(agent.pollRequest(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void anAgentErrorOrAnOversizedResponseIs502() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established established = agent.ready();
            CompletableFuture<HttpResponse<String>> first = Backends.HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(established.publicUrl() + "a")).build(), HttpResponse.BodyHandlers.ofString());
            agent.respondWithError(agent.nextRequest().head().id(), ErrorCode.REQUEST_FAILED, "the local service crashed");
            assertError(first.join(), 502, "agent-error", "the local service crashed");

            CompletableFuture<HttpResponse<String>> second = Backends.HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(established.publicUrl() + "b")).build(), HttpResponse.BodyHandlers.ofString());
            agent.respond(agent.nextRequest().head().id(), 200, HttpHeaders.EMPTY, new byte[(int) established.maxBodyBytes() + 10]);
            assertError(second.join(), 502, "response-too-large");
        }
    }

    /** A 1xx is not a final answer: delivered, it would end the caller's request with a status that means "more follows". */
    @Test
    void anInformationalStatusFromTheAgentIs502NotAFinalAnswer() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established established = agent.ready();
            for (int status : new int[] {100, 101, 103}) {
                CompletableFuture<HttpResponse<String>> pending = Backends.HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(established.publicUrl() + "informational")).build(), HttpResponse.BodyHandlers.ofString());
                agent.respond(agent.nextRequest().head().id(), status, HttpHeaders.EMPTY, new byte[0]);
                assertError(pending.join(), 502, "bad-response", established.tunnelId(), status == 101 ? "upgrades" : "not a final response");
            }
        }
    }

    /** One tunnel's agent can never answer another tunnel's request, nor hear about it. */
    @Test
    void aResponseToAnotherTunnelsRequestIsRefusedAndTheRightAnswerStillArrives() throws Exception {
        try (TestAgent alice = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN);
             TestAgent mallory = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established aliceTunnel = alice.ready();
            mallory.ready();
            CompletableFuture<HttpResponse<String>> pending = Backends.HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(aliceTunnel.publicUrl() + "secret")).build(), HttpResponse.BodyHandlers.ofString());
            String requestId = alice.nextRequest().head().id();
            assertThat(mallory.pollRequest(Duration.ofMillis(200))).as("the request went to alice only").isNull();

            mallory.respond(requestId, 200, HttpHeaders.of("Content-Type", "text/plain"), "forged".getBytes(StandardCharsets.UTF_8));
            ErrorMessage refused = mallory.await(ErrorMessage.class);
            assertThat(refused.errorCode()).as("answers on the WebSocket are refused").isEqualTo(ErrorCode.UNKNOWN_REQUEST);
            assertThat(refused.id()).isEqualTo(requestId);
            // mallory's answer credentials let her post to alice's relay, but only an ID that waits there counts,
            // and she never learns one: a guessed ID is dropped by the relay
            String relay = alice.replyToOf(requestId);
            mallory.postToRelay(relay, MessageCodec.encode(new dev.porthole.protocol.ResponseHead(requestId.substring(1) + "x", 200,
                HttpHeaders.of("Content-Type", "text/plain"), 6, java.util.Base64.getEncoder().encodeToString("forged".getBytes()), false)));

            alice.respond(requestId, 200, HttpHeaders.of("Content-Type", "text/plain"), "genuine".getBytes(StandardCharsets.UTF_8));
            assertThat(pending.join().body()).isEqualTo("genuine");
        }
    }
}
