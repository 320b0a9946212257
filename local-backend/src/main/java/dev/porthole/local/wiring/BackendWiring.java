package dev.porthole.local.wiring;

import dev.porthole.local.dynamodb.TableSpec;
import dev.porthole.template.Intrinsics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What the local backend takes from the CloudFormation template, so that template and code cannot drift
 * apart unnoticed: change a route, the payload format, the table's keys or the function's variables on one
 * side only, and the end-to-end tests fail.
 *
 * @param environment the function's environment variables with intrinsics resolved for this machine
 * @param intrinsics  the template's intrinsics as resolved for this stack (ARNs and physical names included), for
 *                    what else reads the template, such as the IAM roles
 */
public record BackendWiring(String stageName, String routeSelectionExpression, Set<String> webSocketRouteKeys,
                            String httpPayloadFormatVersion, Set<String> httpRouteKeys, TableSpec table,
                            String functionName, String handler, Duration functionTimeout, int memoryMb,
                            Map<String, String> environment, Intrinsics intrinsics) {
}
