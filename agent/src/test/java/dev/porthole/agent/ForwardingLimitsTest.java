package dev.porthole.agent;

import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.agent.testing.ScriptedBackend;
import dev.porthole.agent.testing.ScriptedBackend.Reply;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many requests an agent forwards at once: {@code concurrency} go to the local service, {@code queueCapacity}
 * more wait, and the next is answered 503 {@code agent-busy} at once. The forwards run on virtual threads, so a burst
 * leaves no pool of platform threads (each with its native stack) behind.
 */
class ForwardingLimitsTest {
    private static final String TOKEN = "test-token-limits";
    private static final String TUNNEL = "limits-test";

    @Test
    void forwardsUpToItsConcurrencyQueuesTheNextAndAnswersBusyPastThat() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch twoArrived = new CountDownLatch(2);
        try (ScriptedBackend backend = ScriptedBackend.start(TOKEN); Origin origin = Origin.start()) {
            origin.handler(r -> {
                twoArrived.countDown();
                release.await(20, TimeUnit.SECONDS);
                return Answer.text(200, "ok");
            });
            try (TunnelAgent agent = new TunnelAgent(AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port())
                    .localHost("127.0.0.1").tunnelId(TUNNEL).concurrency(2).queueCapacity(1)
                    .localTimeout(Duration.ofSeconds(20)).build())) {
                agent.start();
                assertThat(agent.awaitOnline(Duration.ofSeconds(10))).isInstanceOf(TunnelStatus.Online.class);

                List<CompletableFuture<Reply>> held = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    held.add(backend.send(TUNNEL, "GET", "/held/" + i, HttpHeaders.of("host", "public.example"), new byte[0]));
                }
                assertThat(twoArrived.await(10, TimeUnit.SECONDS)).as("both forwarded at once").isTrue();
                assertThat(Thread.getAllStackTraces().keySet()).as("no platform thread forwards")
                        .noneMatch(t -> t.getName().startsWith("porthole-forward"));

                held.add(backend.send(TUNNEL, "GET", "/queued", HttpHeaders.of("host", "public.example"), new byte[0]));
                // one connection delivers in order: the queued request is in the agent's queue before the next arrives
                Reply busy = backend.send(TUNNEL, "GET", "/refused", HttpHeaders.of("host", "public.example"), new byte[0])
                        .get(10, TimeUnit.SECONDS);
                assertThat(busy.status()).isEqualTo(503);
                assertThat(busy.headers().first("x-porthole-error")).contains("agent-busy");

                release.countDown();
                for (CompletableFuture<Reply> reply : held) {
                    assertThat(reply.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
                }
                assertThat(origin.receivedCount()).as("the refused one never reached the local service").isEqualTo(3);
            }
        }
    }
}
