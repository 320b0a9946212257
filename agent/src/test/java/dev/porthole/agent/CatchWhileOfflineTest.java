package dev.porthole.agent;

import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.testing.Origin;
import dev.porthole.local.LocalBackend;
import dev.porthole.local.LocalBackendOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A webhook sent while the agent is stopped reaches the local service once the agent starts again. */
class CatchWhileOfflineTest {
    private static final String TOKEN = "catch-" + Long.toHexString(System.nanoTime());

    @Test
    void aWebhookSentWhileStoppedIsDeliveredOnTheNextStartAndRecordedAsKept() throws Exception {
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(TOKEN));
             Origin origin = Origin.start()) {
            origin.handler(r -> Origin.Answer.text(200, "handled"));
            AgentOptions options = AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port())
                .localHost("127.0.0.1").tunnelId("catch-test").catchWhileOffline(true).build();
            URI url;
            try (TunnelAgent first = new TunnelAgent(options)) {
                first.start();
                url = ((TunnelStatus.Online) first.awaitOnline(Duration.ofSeconds(30))).publicUrl();
            }
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> kept;
            long deadline = System.currentTimeMillis() + 5_000;
            do {
                kept = http.send(HttpRequest.newBuilder(url.resolve("hooks/github")).POST(HttpRequest.BodyPublishers.ofString("{\"zen\":\"keep it logically awesome\"}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            } while (kept.statusCode() != 202 && System.currentTimeMillis() < deadline);
            assertThat(kept.statusCode()).isEqualTo(202);
            assertThat(origin.receivedCount()).isZero();

            List<Exchange> seen = new CopyOnWriteArrayList<>();
            try (TunnelAgent second = new TunnelAgent(options)) {
                second.onExchange(seen::add);
                second.start();
                Origin.Received delivered = origin.take();
                assertThat(delivered.method()).isEqualTo("POST");
                assertThat(delivered.rawTarget()).isEqualTo("/hooks/github");
                assertThat(new String(delivered.body(), StandardCharsets.UTF_8)).isEqualTo("{\"zen\":\"keep it logically awesome\"}");
                long until = System.currentTimeMillis() + 5_000;
                while (seen.isEmpty() && System.currentTimeMillis() < until) {
                    Thread.sleep(20);
                }
                assertThat(seen).singleElement().satisfies(e -> {
                    assertThat(e.request().caught()).isTrue();
                    assertThat(e.request().caughtAt()).isBefore(e.timings().received());
                });
            }
        }
    }
}
