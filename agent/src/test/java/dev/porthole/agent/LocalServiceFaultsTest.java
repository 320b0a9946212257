package dev.porthole.agent;

import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.testing.Bytes;
import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.agent.testing.ScriptedBackend;
import dev.porthole.agent.testing.ScriptedBackend.Reply;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The local service going away, coming back, being slow or too big, and the backend giving up on a request. */
class LocalServiceFaultsTest {
    private static final String TOKEN = "test-token-faults";

    private ScriptedBackend backend;
    private Origin origin;
    private TunnelAgent agent;
    private String tunnelId;

    @BeforeEach
    void start() throws Exception {
        backend = ScriptedBackend.start(TOKEN);
        origin = Origin.start();
        agent = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port())
            .localHost("127.0.0.1").localTimeout(Duration.ofSeconds(1)).build());
        agent.start();
        tunnelId = ((TunnelStatus.Online) agent.awaitOnline(Duration.ofSeconds(10))).tunnelId();
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        origin.close();
        backend.close();
    }

    private Reply get(String target) throws Exception {
        return backend.send(tunnelId, "GET", target, HttpHeaders.EMPTY, new byte[0]).get(10, TimeUnit.SECONDS);
    }

    @Test
    void answers502QuicklyWhileTheLocalServiceIsDownAndWorksAgainOnceItIsBack() throws Exception {
        assertThat(get("/before").status()).isEqualTo(200);
        int port = origin.port();
        origin.close();

        long start = System.nanoTime();
        Reply down = get("/during");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(down.status()).isEqualTo(502);
        assertThat(millis).as("no waiting for a timeout").isLessThan(1_000);
        assertThat(down.headers().first("x-porthole-error")).contains("local-refused");
        assertThat(new String(down.body(), StandardCharsets.UTF_8)).contains("http://127.0.0.1:" + port);

        origin = Origin.start(port);
        Reply back = get("/after");
        assertThat(back.status()).isEqualTo(200);
        assertThat(new String(back.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
    }

    @Test
    void answers504WhenTheLocalServiceTakesTooLong() throws Exception {
        origin.handler(r -> {
            Thread.sleep(3_000);
            return Answer.text(200, "too late");
        });

        Reply reply = get("/slow");

        assertThat(reply.status()).isEqualTo(504);
        assertThat(reply.headers().first("x-porthole-error")).contains("local-timeout");
    }

    @Test
    void answers502WhenTheResponseIsLargerThanTheBackendAccepts() throws Exception {
        agent.close();
        backend.maxBodyBytes(64 * 1024);
        agent = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port()).localHost("127.0.0.1").build());
        agent.start();
        tunnelId = ((TunnelStatus.Online) agent.awaitOnline(Duration.ofSeconds(10))).tunnelId();
        origin.handler(r -> new Answer(200, HttpHeaders.EMPTY, Bytes.random(100 * 1024, 5)));

        Reply reply = get("/huge");

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.headers().first("x-porthole-error")).contains("response-too-large");
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("65536 bytes");
    }

    @Test
    void doesNotAnswerARequestTheBackendGaveUpOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        origin.handler(r -> {
            release.await(10, TimeUnit.SECONDS);
            return Answer.text(200, "late");
        });
        agent.close();
        agent = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port()).localHost("127.0.0.1").build());
        agent.start();
        tunnelId = ((TunnelStatus.Online) agent.awaitOnline(Duration.ofSeconds(10))).tunnelId();

        CompletableFuture<Reply> reply = backend.send(tunnelId, "GET", "/abandoned", HttpHeaders.EMPTY, new byte[0]);
        origin.take();
        backend.giveUp("");
        Thread.sleep(300); // the error message travels to the agent before the origin answers
        release.countDown();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (agent.exchanges().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Exchange e = agent.exchanges().getFirst();
        assertThat(e.error()).contains("stopped waiting");
        assertThat(reply).isCompletedExceptionally();
    }
}
