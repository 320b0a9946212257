package dev.porthole.local;

import dev.porthole.protocol.Handshake;
import dev.porthole.template.Template;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local API Gateway behaves as AWS's does where Porthole's first version tripped (seed bugs #2 and #4)
 * and where other emulators differ (shared/reference/aws-emulation.md): proven through the real
 * {@code ApiGatewayManagementApiClient}, from a probe function running in place of Porthole's.
 */
class ApiGatewayFidelityTest {
    private static LocalBackend backend;

    @BeforeAll
    static void start() throws Exception {
        Template probe = Template.parse(Template.load().text()
            .replace("dev.porthole.backend.PortholeHandler::handleRequest", ProbeFunction.class.getName() + "::handleRequest"));
        backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN), probe);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    /** What the probe reported and no assertion has consumed yet; earlier tests' clients may still report their disconnects. */
    private final List<String> unread = new ArrayList<>();

    @BeforeEach
    void forget() {
        ProbeFunction.SEEN.clear();
    }

    /** The next report that is not a disconnect. */
    private String seen() throws InterruptedException {
        return seen(e -> !e.startsWith("disconnect "));
    }

    /** The first report, in order, that matches; waits up to 10 s for one. */
    private String seen(java.util.function.Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            for (String report : unread) {
                if (wanted.test(report)) {
                    unread.remove(report);
                    return report;
                }
            }
            String next = ProbeFunction.SEEN.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(next).as("the probe function reported nothing that matched; unread: %s", unread).isNotNull();
            unread.add(next);
        }
    }

    /** Seed bugs #2 and #4: API Gateway answers 410 to a post while $connect runs; the emulator must too. */
    @Test
    void postingToAConnectionDuringItsConnectIsGone() throws Exception {
        TextMessages client = TextMessages.connect(backend.websocketUrl());
        assertThat(seen()).endsWith("post-to-self: GoneException");
        client.send("echo");
        assertThat(seen()).isEqualTo("echo ok");
        assertThat(client.next()).startsWith("echo from ");
        client.abort();
    }

    @Test
    void theConnectStatusIsTheHandshakesAnswerAndAFailingFunctionIs500() {
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), null, Map.of("X-Probe-Status", "403"))).isEqualTo(403);
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), null, Map.of("X-Probe-Status", "429"))).isEqualTo(429);
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), null, Map.of("X-Probe-Status", "throw"))).isEqualTo(500);
    }

    /** Stage-prefixed paths, IDs with + / = URL-encoded by the SDK and decoded here, GET and DELETE as on AWS. */
    @Test
    void theManagementApiServesEveryOperationForConnectionIdsOfEveryShape() throws Exception {
        List<TextMessages> clients = new ArrayList<>();
        String lastId = null;
        boolean sawAwkwardId = false;
        for (int i = 0; i < 20 && !sawAwkwardId; i++) {
            TextMessages client = TextMessages.connect(backend.websocketUrl());
            clients.add(client);
            String id = seen().split(" ")[1];
            lastId = id;
            sawAwkwardId = id.contains("+") || id.contains("/");
            client.send("get");
            assertThat(seen()).isEqualTo("get ok");
            assertThat(client.next()).matches("source 127\\.0\\.0\\.1 since 20\\d\\d-.*");
        }
        assertThat(sawAwkwardId).as("some connection ID contained + or /").isTrue();

        TextMessages last = clients.get(clients.size() - 1);
        last.send("delete");
        // the DISCONNECT may overtake the reply to the delete: both invocations run at once
        String deletedId = lastId;
        assertThat(seen()).isEqualTo("delete ok");
        assertThat(seen(e -> e.startsWith("disconnect " + deletedId + " "))).endsWith(" 1000 Connection Closed Normally");
        clients.forEach(c -> c.abort());
    }

    @Test
    void errorsReachTheSdkAsTheirOwnExceptionTypes() throws Exception {
        TextMessages client = TextMessages.connect(backend.websocketUrl());
        seen();
        client.send("post-to AAAAAAAAAAAAAAA=");
        assertThat(seen()).isEqualTo("post-to GoneException");
        client.send("post-to not-a-connection-id");
        assertThat(seen()).isEqualTo("post-to ApiGatewayManagementApiException(BadRequestException)");
        client.send("big");
        assertThat(seen()).isEqualTo("big PayloadTooLargeException");
        client.abort();
    }

    @Test
    void theManagementApiNeedsSigV4() throws Exception {
        var response = Backends.HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(backend.managementUrl() + "/AAAAAAAAAAAAAAA="))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-errortype")).contains("ForbiddenException");
    }

    @Test
    void aClientsOwnCloseCodeAndReasonReachTheFunction() throws Exception {
        TextMessages client = TextMessages.connect(backend.websocketUrl(), Map.of(Handshake.PROTOCOL_HEADER, "1"));
        String id = seen().split(" ")[1];
        client.close("bye");
        assertThat(seen(e -> e.startsWith("disconnect " + id + " "))).endsWith(" 1000 bye");
    }
}
