package dev.porthole.local.wiring;

import dev.porthole.local.dynamodb.TableSpec;
import dev.porthole.template.Intrinsics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the local backend takes from the CloudFormation template, so that template and code cannot drift
 * apart unnoticed: change a route, an integration, the payload format, a throttle, the table's keys or the
 * function's variables on one side only, and the end-to-end tests fail.
 *
 * @param webSocketApis every WebSocket API: the agents' ({@code WebSocketApi}) and the relays' ({@code RelayApi})
 * @param snapStart     the function has {@code SnapStart: {ApplyOn: PublishedVersions}}
 * @param environment   the function's environment variables with intrinsics resolved for this machine
 * @param intrinsics    the template's intrinsics as resolved for this stack (ARNs and physical names included), for
 *                      what else reads the template, such as the IAM roles
 */
public record BackendWiring(List<WebSocketApiWiring> webSocketApis, HttpApiWiring httpApi, TableSpec table,
                            String functionName, String handler, Duration functionTimeout, int memoryMb,
                            boolean snapStart, Map<String, String> environment, Intrinsics intrinsics) {
    public static final String AGENT_API = "WebSocketApi";
    public static final String RELAY_API = "RelayApi";

    public BackendWiring {
        webSocketApis = List.copyOf(webSocketApis);
        environment = Map.copyOf(environment);
    }

    public WebSocketApiWiring webSocketApi(String logicalId) {
        return webSocketApis.stream().filter(api -> api.logicalId().equals(logicalId)).findFirst()
            .orElseThrow(() -> new IllegalStateException("the template has no WebSocket API " + logicalId));
    }

    /** The agents' WebSocket API. */
    public WebSocketApiWiring agentApi() {
        return webSocketApi(AGENT_API);
    }

    /** The stage name the agents' API runs under (the template's StageName parameter). */
    public String stageName() {
        return agentApi().stage();
    }
}
