package dev.porthole.local;

import dev.porthole.local.testing.TestHooks;
import dev.porthole.protocol.Established;
import dev.porthole.template.Template;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The seed's bugs that lived in code, end to end on the local backend. Unit tests pin each one too:
 * #3 in ManagementEndpointTest, #6 and #7 in EventKindTest; the emulator's side of #2/#4 in
 * ApiGatewayFidelityTest; #5 here. Bug #1 belongs to the template (StaticChecksTest in cloudformation/).
 */
class SeedBugsTest {

    /**
     * Bugs #2 and #4: the seed posted its "established" message from $connect and got 410 Gone. Porthole's
     * $connect posts nothing; the URL arrives through the ready/established exchange afterwards.
     */
    @Test
    void connectPostsNothingAndTheAgentStillLearnsItsUrl() throws Exception {
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN))) {
            backend.hooks().record();
            assertPostsOnlyAfterHandshake(backend);
        }
    }

    private static void assertPostsOnlyAfterHandshake(LocalBackend backend) throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established established = agent.ready();
            assertThat(established.publicUrl()).startsWith(backend.publicUrl().toString());
            // the post of "established" is recorded once it has been answered, a moment after the agent reads it
            long deadline = System.currentTimeMillis() + 5_000;
            java.util.List<Integer> statuses;
            do {
                statuses = backend.hooks().managementCalls().stream()
                    .filter(call -> call.connectionId().equals(established.connectionId()))
                    .map(TestHooks.ManagementCall::status).toList();
            } while (statuses.isEmpty() && System.currentTimeMillis() < deadline);
            assertThat(statuses).as("every post to the agent's connection came after its handshake").containsOnly(200);
        }
    }

    /**
     * Bug #5: moving to path-based URLs, the seed found tunnels by a secondary index — eventually consistent, so a
     * tunnel could be missed just after it came online — and stripped the ID by hand. Here a tunnel is a key read
     * (the template's table has no index at all), a request sent the moment {@code established} arrives reaches
     * it, and the local service sees the path without the ID: {@code /{id}} as {@code /}, the query kept.
     */
    @Test
    void aTunnelIsFoundByItsPathAtOnceAndTheIdIsStripped() throws Exception {
        assertThat(Template.load().resources().values()).filteredOn(r -> r.type().equals("AWS::DynamoDB::Table"))
            .isNotEmpty().allSatisfy(table -> assertThat(table.properties()).doesNotContainKey("GlobalSecondaryIndexes"));
        try (TestAgent agent = TestAgent.connect(Backends.shared().websocketUrl(), Backends.TOKEN)) {
            Established tunnel = agent.ready();
            for (String[] pathAndTarget : new String[][]{
                {"", "/"}, {"api/users?id=5", "/api/users?id=5"}, {"api/users/?id=5&id=6", "/api/users/?id=5&id=6"}}) {
                var pending = Backends.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(tunnel.publicUrl() + pathAndTarget[0])).build(), HttpResponse.BodyHandlers.ofString());
                TestAgent.Request request = agent.nextRequest();
                assertThat(request.head().target()).isEqualTo(pathAndTarget[1]);
                assertThat(request.head().prefix()).isEqualTo("/" + tunnel.tunnelId());
                agent.respond(request.head().id(), 200, dev.porthole.protocol.HttpHeaders.EMPTY, new byte[0]);
                assertThat(pending.join().statusCode()).isEqualTo(200);
            }
        }
    }

    /** Bug #6: a public request (routeKey "$default" like a WebSocket message) is answered as HTTP. */
    @Test
    void aPublicRequestIsNeverHandledAsAWebSocketMessage() throws Exception {
        HttpResponse<String> response = Backends.get(Backends.shared().publicUrl().resolve("no-such-tunnel/x"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-porthole-error")).contains("tunnel-not-found");
    }

    /** Bug #7: a template asking for payload format 1.0 meets a function that says, plainly, it speaks 2.0. */
    @Test
    void aPayloadFormatMismatchIsAnsweredClearlyNotMisread() throws Exception {
        Template oldFormat = Template.parse(Template.load().text().replace("PayloadFormatVersion: \"2.0\"", "PayloadFormatVersion: \"1.0\""));
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN), oldFormat)) {
            HttpResponse<String> response = Backends.get(backend.publicUrl().resolve("anything/"));
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("x-porthole-error")).contains("unsupported-event");
            assertThat(response.body()).contains("format 2.0").contains("\"1.0\"").contains("PayloadFormatVersion");
        }
    }

    /** The template and the code cannot drift apart: a table keyed differently from what the code reads fails at once. */
    @Test
    void aTableTheCodeDoesNotMatchFailsTheHandshake() throws Exception {
        Template renamedKey = Template.parse(Template.load().text().replace("AttributeName: sk", "AttributeName: sortKey"));
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN), renamedKey)) {
            assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, java.util.Map.of())).isEqualTo(500);
        }
    }

    /**
     * With SnapStart the function is initialised when its version is published, so a missing variable fails the
     * deployment itself (on AWS: the version never stabilises and the stack rolls back), never a first request.
     */
    @Test
    void aMissingVariableStopsTheFunctionFromStarting() {
        Template noTable = Template.parse(Template.load().text().replace("PORTHOLE_TABLE: !Ref Table", "OTHER_TABLE: !Ref Table"));
        assertThatThrownBy(() -> LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN), noTable).close())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("SnapStart snapshot")
            .hasMessageContaining("PORTHOLE_TABLE is not set");
    }
}
