package dev.porthole.agent.tunnel;

import dev.porthole.local.LocalBackend;
import dev.porthole.local.LocalBackendOptions;
import dev.porthole.protocol.AnswerRoute;
import dev.porthole.protocol.BodySplitter;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.protocol.Limits;
import dev.porthole.protocol.Message;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.Ready;
import dev.porthole.protocol.RequestHead;
import dev.porthole.protocol.ResponseHead;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's own Management API client against the local backend's relay API, which checks SigV4 and IAM as AWS
 * does: a signed post reaches the waiting caller, a relay that does not exist is gone, credentials that do not
 * sign right are refused.
 */
class AnswerPosterTest {
    private static final String TOKEN = "answer-poster-test-" + Long.toHexString(System.nanoTime());
    private static LocalBackend backend;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        backend = LocalBackend.start(LocalBackendOptions.inMemory(TOKEN));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    /** Just enough of an agent: connects, says ready, and hands over what the backend sends. */
    private static final class MinimalAgent implements WebSocket.Listener {
        final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static MinimalAgent connect() {
            MinimalAgent agent = new MinimalAgent();
            agent.socket = HTTP.newWebSocketBuilder()
                .header(Handshake.AUTHORIZATION_HEADER, "Bearer " + TOKEN)
                .header(Handshake.PROTOCOL_HEADER, Integer.toString(Handshake.PROTOCOL_VERSION))
                .buildAsync(backend.websocketUrl(), agent).join();
            agent.socket.sendText(MessageCodec.encode(new Ready(Handshake.PROTOCOL_VERSION, "answer-poster-test/1")), true).join();
            return agent;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(MessageCodec.decode(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        <T extends Message> T next(Class<T> type) throws InterruptedException {
            while (true) {
                Message message = received.poll(10, TimeUnit.SECONDS);
                assertThat(message).as("a %s from the backend", type.getSimpleName()).isNotNull();
                if (type.isInstance(message)) {
                    return type.cast(message);
                }
            }
        }
    }

    @Test
    void signedPostsOnKeptConnectionsReachTheCallerAndGoneAndRefusedAreToldApart() throws Exception {
        MinimalAgent agent = MinimalAgent.connect();
        Established established = agent.next(Established.class);
        byte[] body = "x".repeat(300_000).getBytes(StandardCharsets.UTF_8);
        try (AnswerPoster poster = new AnswerPoster(established.answers())) {
            for (int round = 0; round < 3; round++) {
                CompletableFuture<HttpResponse<String>> caller = HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(established.publicUrl() + "r" + round)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
                RequestHead request = agent.next(RequestHead.class);
                for (byte[] message : BodySplitter.split(new ResponseHead(request.id(), 200,
                        HttpHeaders.of("Content-Type", "text/plain"), 0, "", false), body, Limits.MAX_POSTED_MESSAGE_BYTES)) {
                    assertThat(poster.post(request.replyTo(), message)).isEqualTo(AnswerPoster.Outcome.SENT);
                }
                HttpResponse<String> response = caller.get(20, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).hasSize(body.length);
            }
            assertThat(poster.post("AAAAAAAAAAAAAAA=", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(AnswerPoster.Outcome.RELAY_GONE);
        }
        AnswerRoute route = established.answers();
        AnswerRoute wrongSecret = new AnswerRoute(route.endpoint(), route.region(), route.accessKeyId(), "x".repeat(40),
            route.sessionToken(), route.expiresAt());
        try (AnswerPoster poster = new AnswerPoster(wrongSecret)) {
            assertThat(poster.post("AAAAAAAAAAAAAAA=", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(AnswerPoster.Outcome.REFUSED);
        }
        AnswerRoute wrongToken = new AnswerRoute(route.endpoint(), route.region(), route.accessKeyId(), route.secretAccessKey(),
            "not-the-session-token", route.expiresAt());
        try (AnswerPoster poster = new AnswerPoster(wrongToken)) {
            assertThat(poster.post("AAAAAAAAAAAAAAA=", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(AnswerPoster.Outcome.REFUSED);
        }
        agent.socket.abort();
    }
}
