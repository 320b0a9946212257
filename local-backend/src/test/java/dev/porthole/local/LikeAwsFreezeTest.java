package dev.porthole.local;

import dev.porthole.local.lambda.RuntimeSettings;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.Ping;
import dev.porthole.protocol.Pong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The function's relay connection lives and dies with its execution environment, as on AWS: while the environment is
 * frozen between invocations, what API Gateway sends the relay waits (the environment gets no CPU to read it) and is
 * delivered when the next invocation thaws it; an environment reclaimed while idle drops its sockets without a close
 * frame, so API Gateway goes on accepting posts to the dead relay until its idle timeout, then answers 410 Gone. The
 * next request opens a new relay in a new environment and is served.
 */
class LikeAwsFreezeTest {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    private static LocalBackend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN).likeAws()
            .withConnectionLimits(IDLE_TIMEOUT, Duration.ofHours(2))
            .withRuntime(RuntimeSettings.likeAws().withColdStart(Duration.ZERO)
                .withReclaimAfter(Duration.ofHours(1), Duration.ofHours(1))));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    /** One request through the tunnel, answered by the test agent; returns the relay its answer went to. */
    private static String requestThrough(TestAgent agent, Established tunnel, String path) throws Exception {
        AtomicReference<String> relay = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread answering = Thread.ofVirtual().start(() -> {
            try {
                TestAgent.Request request = agent.nextRequest();
                relay.set(agent.replyToOf(request.head().id()));
                agent.respond(request.head().id(), 200, HttpHeaders.of("Content-Type", "text/plain"), "ok".getBytes(StandardCharsets.UTF_8));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        HttpResponse<String> response = Backends.HTTP.send(HttpRequest.newBuilder(URI.create(tunnel.publicUrl() + path))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        answering.join(Duration.ofSeconds(30));
        assertThat(failure.get()).isNull();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(relay.get()).as("the answer went to a relay").isNotNull();
        return relay.get();
    }

    @Test
    void whatIsSentToAFrozenEnvironmentsRelayWaitsUntilItsNextInvocation() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established tunnel = agent.ready();
            String relay = requestThrough(agent, tunnel, "first");
            // the environment that served it is frozen now; a stray message for its relay cannot be read
            agent.postToRelay(relay, MessageCodec.encode(new Pong(1)));
            assertThat(backend.hooks().heldMessages(relay)).as("held for the frozen environment").isEqualTo(1);

            String again = requestThrough(agent, tunnel, "second");
            assertThat(again).as("the same environment and relay served the next request").isEqualTo(relay);
            assertThat(backend.hooks().heldMessages(relay)).as("delivered when the invocation thawed it").isZero();
        }
    }

    @Test
    void aReclaimedEnvironmentsRelayIsDeadWithoutACloseAndTheNextRequestOpensANewOne() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established tunnel = agent.ready();
            String relay = requestThrough(agent, tunnel, "before");
            backend.hooks().reclaimIdleEnvironments();

            // no close frame reached API Gateway: it still takes posts for the relay
            agent.postToRelay(relay, MessageCodec.encode(new Pong(2)));
            assertThat(backend.hooks().openConnections()).contains(relay);

            // until its idle timeout, after which the connection is gone
            long deadline = System.nanoTime() + IDLE_TIMEOUT.multipliedBy(4).toNanos();
            while (backend.hooks().openConnections().contains(relay) && System.nanoTime() < deadline) {
                agent.send(new Ping(System.currentTimeMillis())); // the agent's own connection stays busy, so alive
                Thread.sleep(500);
            }
            assertThatThrownBy(() -> agent.postToRelay(relay, MessageCodec.encode(new Pong(3)))).isInstanceOf(GoneException.class);

            String next = requestThrough(agent, tunnel, "after");
            assertThat(next).as("a new relay, in a new environment").isNotEqualTo(relay);
        }
    }
}
