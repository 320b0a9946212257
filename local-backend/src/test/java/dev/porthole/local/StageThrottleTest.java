package dev.porthole.local;

import dev.porthole.template.Template;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage throttles the template sets are applied as API Gateway applies them, per route, before the function is
 * invoked: a throttled public request is answered 429 {@code {"message":"Too Many Requests"}} and a throttled message
 * gets API Gateway's "Too Many Requests" notice, and the function sees neither. The template's limits are lowered here
 * (burst 2, a token an hour) so the test counts exactly instead of racing a refill.
 */
class StageThrottleTest {
    private static LocalBackend backend;

    @BeforeAll
    static void start() throws Exception {
        String text = Template.load().text()
            .replace("dev.porthole.backend.PortholeHandler::handleRequest", ProbeFunction.class.getName() + "::handleRequest")
            .replace("ThrottlingBurstLimit: 200\n        ThrottlingRateLimit: 100", "ThrottlingBurstLimit: 2\n        ThrottlingRateLimit: 0.0003")
            .replace("ThrottlingBurstLimit: 50\n        ThrottlingRateLimit: 50", "ThrottlingBurstLimit: 3\n        ThrottlingRateLimit: 0.0003");
        assertThat(text).contains("ThrottlingBurstLimit: 2\n").contains("ThrottlingBurstLimit: 3\n");
        backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN).withQuotas(true), Template.parse(text));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void pastTheHttpStagesBurstPublicRequestsAre429AndNeverReachTheFunction() throws Exception {
        ProbeFunction.SEEN.clear();
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 4; i++) {
            last = Backends.get(backend.publicUrl().resolve("throttled-" + i));
            statuses.add(last.statusCode());
        }
        assertThat(statuses).containsExactly(204, 204, 429, 429);
        assertThat(last.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        Thread.sleep(200);
        assertThat(ProbeFunction.SEEN.stream().filter(e -> e.contains("\"rawPath\":\"/throttled-")).count())
            .as("requests the function saw").isEqualTo(2);
    }

    @Test
    void pastTheWebSocketStagesBurstHandshakesAndMessagesAreRefusedBeforeTheFunction() throws Exception {
        // $connect and $default each have their own bucket of 3
        TextMessages texts = TextMessages.connect(backend.websocketUrl());
        try {
            for (int i = 0; i < 4; i++) {
                texts.send("echo");
            }
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(texts.next());
            }
            assertThat(answers.stream().filter(a -> a.startsWith("echo from ")).count()).as("messages served").isEqualTo(3);
            assertThat(answers).anyMatch(a -> a.startsWith("{\"message\": \"Too Many Requests\", \"connectionId\":\""));
        } finally {
            texts.abort();
        }
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, java.util.Map.of())).isEqualTo(101);
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, java.util.Map.of())).isEqualTo(101);
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, java.util.Map.of()))
            .as("the fourth handshake on $connect").isEqualTo(429);
    }
}
