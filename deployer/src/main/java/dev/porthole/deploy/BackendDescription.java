package dev.porthole.deploy;

import java.net.URI;

/**
 * A deployed Porthole backend, read from its stack's outputs: what an agent needs to connect.
 *
 * @param websocketUrl       where agents connect ({@code wss://…/<stage>})
 * @param publicUrl          base of the public tunnel URLs (ends with {@code /})
 * @param managementEndpoint the WebSocket stage's Management API endpoint
 * @param templateVersion    the version of the Porthole template the stack runs
 */
public record BackendDescription(String stackName, String region, URI websocketUrl, URI publicUrl,
                                 URI managementEndpoint, String templateVersion) {
}
