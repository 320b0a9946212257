package dev.porthole.local;

import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A webhook sent while the laptop sleeps is kept by the backend and delivered when the agent is back. */
class CatchWhileOfflineTest {
    private final LocalBackend backend = Backends.shared();

    private static Map<String, String> asking(String id, boolean catching) {
        return catching ? Map.of(Handshake.TUNNEL_ID_HEADER, id, Handshake.CATCH_HEADER, "on") : Map.of(Handshake.TUNNEL_ID_HEADER, id);
    }

    /** Connects, retrying while the previous connection's $disconnect has not yet freed the ID. */
    private TestAgent connect(String id, boolean catching) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (true) {
            try {
                TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, asking(id, catching));
                agent.ready();
                return agent;
            } catch (java.util.concurrent.CompletionException stillHeld) {
                if (System.currentTimeMillis() > deadline) {
                    throw stillHeld;
                }
                Thread.sleep(50);
            }
        }
    }

    private HttpResponse<String> postUntilOffline(URI url, String body) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        HttpResponse<String> response;
        do {
            response = Backends.HTTP.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Stripe-Signature", "t=1,v1=abc").build(), HttpResponse.BodyHandlers.ofString());
        } while (response.statusCode() == 502 && System.currentTimeMillis() < deadline);
        return response;
    }

    @Test
    void aRequestKeptWhileOfflineIsDeliveredOnceTheAgentIsBackAndOnlyUntilItIsAnswered() throws Exception {
        String id = "catch-" + Long.toHexString(System.nanoTime());
        URI hook = backend.publicUrl().resolve(id + "/hooks/stripe?attempt=1");
        connect(id, true).close();

        HttpResponse<String> kept = postUntilOffline(hook, "{\"type\":\"invoice.paid\"}");
        assertThat(kept.statusCode()).isEqualTo(202);
        assertThat(kept.headers().firstValue("x-porthole-caught")).contains("true");
        assertThat(kept.body()).contains(id).contains("kept");

        try (TestAgent back = connect(id, true)) {
            TestAgent.Request delivered = back.nextRequest();
            assertThat(delivered.head().caught()).isTrue();
            assertThat(delivered.head().caughtAt()).isLessThanOrEqualTo(System.currentTimeMillis());
            assertThat(delivered.head().method()).isEqualTo("POST");
            assertThat(delivered.head().target()).isEqualTo("/hooks/stripe?attempt=1");
            assertThat(delivered.head().headers().first("stripe-signature")).contains("t=1,v1=abc");
            assertThat(new String(delivered.body(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"invoice.paid\"}");
            // not answered: the agent drops first, so the request must come again
        }
        try (TestAgent again = connect(id, true)) {
            TestAgent.Request redelivered = again.nextRequest();
            assertThat(redelivered.head().target()).isEqualTo("/hooks/stripe?attempt=1");
            again.respond(redelivered.head().id(), 200, HttpHeaders.of("Content-Type", "text/plain"), "ok".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(300); // the answer's $default invocation removes the request
        }
        try (TestAgent settled = connect(id, true)) {
            assertThat(settled.pollRequest(Duration.ofMillis(500))).as("answered requests are not delivered again").isNull();
        }
    }

    @Test
    void withoutCatchingAnOfflineTunnelSays503AndKeepsNothing() throws Exception {
        String id = "nocatch-" + Long.toHexString(System.nanoTime());
        connect(id, false).close();
        HttpResponse<String> response = postUntilOffline(backend.publicUrl().resolve(id + "/hook"), "{}");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-porthole-error")).contains("tunnel-offline");
        try (TestAgent back = connect(id, true)) {
            assertThat(back.pollRequest(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void aBodyTooLargeToKeepIsRefusedClearly() throws Exception {
        String id = "bigcatch-" + Long.toHexString(System.nanoTime());
        connect(id, true).close();
        HttpResponse<String> response = postUntilOffline(backend.publicUrl().resolve(id + "/upload"), "x".repeat(300 * 1024));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("x-porthole-error")).contains("too-large-to-keep");
    }
}
