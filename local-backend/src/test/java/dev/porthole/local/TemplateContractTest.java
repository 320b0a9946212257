package dev.porthole.local;

import dev.porthole.backend.config.BackendConfig;
import dev.porthole.backend.store.DynamoTunnelStore;
import dev.porthole.local.dynamodb.TableSpec;
import dev.porthole.local.wiring.BackendWiring;
import dev.porthole.local.wiring.RouteWiring;
import dev.porthole.local.wiring.TemplateWiring;
import dev.porthole.template.Template;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What the template declares is what the code reads. */
class TemplateContractTest {
    private final BackendWiring wiring = TemplateWiring.from(Template.load(), "0".repeat(64));

    @Test
    void theFunctionGetsExactlyTheVariablesItReads() {
        assertThat(wiring.environment().keySet().stream().filter(k -> k.startsWith("PORTHOLE_")).collect(Collectors.toSet()))
            .isEqualTo(BackendConfig.TEMPLATE_VARIABLES);
        assertThat(BackendConfig.fromEnvironment(wiring.environment()).tableName()).isEqualTo(wiring.table().name());
    }

    @Test
    void theTableIsKeyedAsTheStoreReadsIt() {
        assertThat(wiring.table().keys()).containsExactly(
            new TableSpec.Key(DynamoTunnelStore.PK, "HASH", "S"),
            new TableSpec.Key(DynamoTunnelStore.SK, "RANGE", "S"));
        assertThat(wiring.table().ttlAttribute()).contains(DynamoTunnelStore.EXPIRES_AT);
    }

    @Test
    void theRoutesAndFormatAreTheOnesTheHandlerServes() {
        assertThat(wiring.agentApi().routes().keySet()).containsExactlyInAnyOrder("$connect", "$disconnect", "$default");
        assertThat(wiring.agentApi().routes().values()).allMatch(r -> r.integration() instanceof RouteWiring.Integration.Lambda);
        assertThat(wiring.httpApi().routeKeys()).containsExactly("$default");
        assertThat(wiring.httpApi().payloadFormatVersion()).isEqualTo("2.0");
        assertThat(wiring.handler()).isEqualTo(dev.porthole.backend.PortholeHandler.class.getName() + "::handleRequest");
        assertThat(wiring.functionTimeout()).isGreaterThan(BackendConfig.DEFAULT_REQUEST_TIMEOUT);
    }

    @Test
    void relaysOpenAndLearnTheirIdWithoutTheFunction() {
        var relay = wiring.webSocketApi(BackendWiring.RELAY_API);
        assertThat(relay.routes().keySet()).containsExactlyInAnyOrder("$connect", "$default");
        assertThat(relay.route("$connect").orElseThrow().iamAuthorized()).isTrue();
        var identity = relay.route("$default").orElseThrow();
        assertThat(identity.twoWay()).isTrue();
        assertThat(identity.integration()).isInstanceOfSatisfying(RouteWiring.Integration.Mock.class,
            mock -> assertThat(mock.responseTemplate()).contains("{\"type\": \"you-are\", \"connectionId\": \"$context.connectionId\"}"));
        assertThat(relay.throttle()).isPresent();
        assertThat(wiring.httpApi().throttle()).contains(new dev.porthole.local.wiring.Throttle(100, 200));
    }
}
