package dev.porthole.local;

import dev.porthole.local.testing.AwsCallCounter;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS calls per forwarded request, counted by an SDK interceptor on the function's own clients. The seed
 * made six on every request (query, put, post, then polling); Porthole's warm path makes two: the post to
 * the agent and the post of its answer to the waiting relay. No table is touched.
 */
class AwsCallsTest {

    @Test
    void aWarmRequestCostsTwoPostsAndNoTableCalls() throws Exception {
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN));
             TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established tunnel = agent.ready();
            forward(agent, tunnel);     // cold: opens the relay, looks the tunnel up
            forward(agent, tunnel);
            AwsCallCounter.reset();
            forward(agent, tunnel);
            Map<String, Long> calls = AwsCallCounter.calls();
            assertThat(calls).isEqualTo(Map.of("ApiGatewayManagementApi.PostToConnection", 2L));
        }
    }

    private static void forward(TestAgent agent, Established tunnel) throws Exception {
        CompletableFuture<HttpResponse<String>> pending = Backends.HTTP.sendAsync(
            HttpRequest.newBuilder(URI.create(tunnel.publicUrl() + "count")).build(), HttpResponse.BodyHandlers.ofString());
        agent.respond(agent.nextRequest().head().id(), 200, HttpHeaders.of("Content-Type", "text/plain"), "1".getBytes(StandardCharsets.UTF_8));
        assertThat(pending.join().statusCode()).isEqualTo(200);
    }
}
