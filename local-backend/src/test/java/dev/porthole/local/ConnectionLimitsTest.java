package dev.porthole.local;

import dev.porthole.local.lambda.Invocation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** API Gateway's idle and age limits, shortened for the test, close connections with 1001 "Going away". */
class ConnectionLimitsTest {

    @Test
    void idleAndOldConnectionsAreClosedAndTheFunctionHearsWhy() throws Exception {
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN)
            .withConnectionLimits(Duration.ofMillis(700), Duration.ofSeconds(3)))) {
            backend.hooks().record();
            try (TestAgent idle = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
                idle.ready();
                TestAgent.Closed closed = idle.awaitClose();
                assertThat(closed.code()).isEqualTo(1001);
                assertThat(closed.reason()).isEqualTo("Going away");
            }
            Invocation disconnect = backend.hooks().awaitInvocation(i -> new String(i.event(), StandardCharsets.UTF_8).contains("\"DISCONNECT\""),
                Duration.ofSeconds(5));
            assertThat(new String(disconnect.event(), StandardCharsets.UTF_8))
                .contains("\"disconnectStatusCode\":1001").contains("\"disconnectReason\":\"Going away\"");

            try (TestAgent busy = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
                busy.ready();
                long opened = System.nanoTime();
                while (!busy.isClosed() && System.nanoTime() - opened < Duration.ofSeconds(10).toNanos()) {
                    try {
                        busy.send(new dev.porthole.protocol.Ping(System.currentTimeMillis()));
                    } catch (java.util.concurrent.CompletionException e) {
                        break; // the age limit closed the socket between the check and this ping
                    }
                    Thread.sleep(200);
                }
                assertThat(busy.awaitClose().code()).isEqualTo(1001);
                assertThat(Duration.ofNanos(System.nanoTime() - opened)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
            }
        }
    }
}
