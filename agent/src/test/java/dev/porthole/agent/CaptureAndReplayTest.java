package dev.porthole.agent;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the inspector gets: every exchange recorded, bounded, published; and replay of a captured request. */
class CaptureAndReplayTest {
    private static final String TOKEN = "test-token-capture";

    private ScriptedBackend backend;
    private Origin origin;
    private TunnelAgent agent;
    private String tunnelId;

    @BeforeEach
    void start() throws Exception {
        backend = ScriptedBackend.start(TOKEN);
        origin = Origin.start();
    }

    private void startAgent(AgentOptions.Builder options) throws Exception {
        agent = new TunnelAgent(options.build());
        agent.start();
        TunnelStatus status = agent.awaitOnline(Duration.ofSeconds(10));
        tunnelId = ((TunnelStatus.Online) status).tunnelId();
    }

    private AgentOptions.Builder options() {
        return AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port()).localHost("127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        origin.close();
        backend.close();
    }

    private Reply send(String method, String target, HttpHeaders headers, byte[] body) throws Exception {
        return backend.send(tunnelId, method, target, headers, body).get(10, TimeUnit.SECONDS);
    }

    /** Exchanges are published just after the answer is sent; wait for the count to settle. */
    private List<Exchange> exchanges(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (agent.exchanges().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return agent.exchanges();
    }

    @Test
    void recordsTheRequestAsTheCallerSentItAndTheResponseAsItWentBack() throws Exception {
        startAgent(options());
        origin.handler(r -> new Answer(201, HttpHeaders.of("Content-Type", "application/json", "Set-Cookie", "a=1",
            "Set-Cookie", "b=2"), "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));
        List<Exchange> published = new CopyOnWriteArrayList<>();
        agent.onExchange(published::add);
        HttpHeaders callerHeaders = HttpHeaders.of("host", "public.example", "content-type", "application/json",
            "x-forwarded-for", "203.0.113.9");

        send("POST", "/hooks/stripe?x=1", callerHeaders, "{\"event\":1}".getBytes(StandardCharsets.UTF_8));

        Exchange e = exchanges(1).getFirst();
        assertThat(published).containsExactly(e);
        assertThat(e.tunnelId()).isEqualTo(tunnelId);
        assertThat(e.request().method()).isEqualTo("POST");
        assertThat(e.request().target()).isEqualTo("/hooks/stripe?x=1");
        assertThat(e.request().prefix()).isEqualTo("/" + tunnelId);
        assertThat(e.request().headers()).as("before the agent rewrote Host and added X-Forwarded-*").isEqualTo(callerHeaders);
        assertThat(new String(e.request().body().bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"event\":1}");
        assertThat(e.response().status()).isEqualTo(201);
        assertThat(e.response().headers().all("set-cookie")).containsExactly("a=1", "b=2");
        assertThat(new String(e.response().body().bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(e.error()).isNull();
        assertThat(e.isReplay()).isFalse();
        assertThat(e.timings().received()).isBeforeOrEqualTo(e.timings().sentToLocal());
        assertThat(e.timings().sentToLocal()).isBeforeOrEqualTo(e.timings().localAnswered());
        assertThat(e.timings().localAnswered()).isBeforeOrEqualTo(e.timings().completed());
    }

    @Test
    void capsCapturedBodiesAndSaysSo() throws Exception {
        startAgent(options().captureBodyBytes(1_000));
        byte[] body = Bytes.random(5_000, 3);
        origin.handler(r -> new Answer(200, HttpHeaders.EMPTY, r.body()));

        Reply reply = send("PUT", "/big", HttpHeaders.EMPTY, body);

        assertThat(reply.body()).as("the cap is for the inspector only").isEqualTo(body);
        CapturedBody captured = exchanges(1).getFirst().request().body();
        assertThat(captured.truncated()).isTrue();
        assertThat(captured.size()).isEqualTo(5_000);
        assertThat(captured.bytes()).isEqualTo(Arrays.copyOf(body, 1_000));
        assertThat(exchanges(1).getFirst().response().body().truncated()).isTrue();
    }

    @Test
    void keepsOnlyTheMostRecentExchanges() throws Exception {
        startAgent(options().historySize(5));
        for (int i = 0; i < 8; i++) {
            send("GET", "/n/" + i, HttpHeaders.EMPTY, new byte[0]);
        }

        Thread.sleep(100);
        assertThat(agent.exchanges()).extracting(e -> e.request().target())
            .containsExactly("/n/3", "/n/4", "/n/5", "/n/6", "/n/7");
    }

    @Test
    void recordsWhyTheAgentAnsweredInsteadOfTheLocalService() throws Exception {
        int port = origin.port();
        origin.close();
        startAgent(options());

        Reply reply = send("GET", "/down", HttpHeaders.EMPTY, new byte[0]);

        assertThat(reply.status()).isEqualTo(502);
        Exchange e = exchanges(1).getFirst();
        assertThat(e.response().status()).isEqualTo(502);
        assertThat(e.error()).contains("127.0.0.1:" + port).contains("refused");
        assertThat(e.timings().localAnswered()).isNull();
    }

    @Test
    void replaysAnEditedRequestAndLinksItToTheOriginal() throws Exception {
        startAgent(options());
        origin.handler(r -> new Answer(200, HttpHeaders.of("X-Seen-Header", r.headers().first("x-signature").orElse("none")),
            r.body()));
        send("POST", "/hooks", HttpHeaders.of("host", "public.example", "x-signature", "v1"),
            "original".getBytes(StandardCharsets.UTF_8));
        Exchange original = exchanges(1).getFirst();
        origin.take();
        List<Exchange> published = new CopyOnWriteArrayList<>();
        agent.onExchange(published::add);

        CapturedRequest edited = new CapturedRequest(original.request().method(), original.request().target(),
            original.request().headers().with("x-signature", "v2"),
            CapturedBody.of("edited".getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE), original.request().prefix());
        Exchange replay = agent.replay(original, edited);

        Origin.Received seen = origin.take();
        assertThat(seen.rawTarget()).isEqualTo("/hooks");
        assertThat(seen.headers().all("x-signature")).containsExactly("v2");
        assertThat(seen.headers().all("host")).containsExactly("127.0.0.1:" + origin.port());
        assertThat(seen.headers().all("x-forwarded-host")).containsExactly("public.example");
        assertThat(seen.headers().all("x-forwarded-prefix")).containsExactly("/" + tunnelId);
        assertThat(new String(seen.body(), StandardCharsets.UTF_8)).isEqualTo("edited");
        assertThat(replay.replayOf()).isEqualTo(original.id());
        assertThat(replay.id()).isNotEqualTo(original.id());
        assertThat(replay.response().headers().first("x-seen-header")).contains("v2");
        assertThat(new String(replay.response().body().bytes(), StandardCharsets.UTF_8)).isEqualTo("edited");
        assertThat(published).containsExactly(replay);
        assertThat(agent.exchanges()).containsExactly(original, replay);
    }

    @Test
    void replaysWhileTheTunnelIsStopped() throws Exception {
        startAgent(options());
        send("GET", "/again", HttpHeaders.EMPTY, new byte[0]);
        Exchange original = exchanges(1).getFirst();
        agent.stop();

        Exchange replay = agent.replay(original, original.request());

        assertThat(replay.response().status()).isEqualTo(200);
        assertThat(replay.replayOf()).isEqualTo(original.id());
    }

    @Test
    void refusesToReplayABodyThatWasCapturedOnlyInPart() throws Exception {
        startAgent(options().captureBodyBytes(10));
        send("POST", "/big", HttpHeaders.EMPTY, Bytes.random(100, 4));
        Exchange original = exchanges(1).getFirst();

        assertThatThrownBy(() -> agent.replay(original, original.request()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("10 of 100 bytes");
    }
}
