package dev.porthole.deploy;

import java.net.URI;
import java.util.Optional;

/**
 * A deployed Porthole backend, read from its stack's outputs: what an agent needs to connect.
 *
 * @param websocketUrl       where agents connect ({@code wss://…/<stage>})
 * @param publicUrl          base of the public tunnel URLs (ends with {@code /})
 * @param managementEndpoint the WebSocket stage's Management API endpoint
 * @param templateVersion    the version of the Porthole template the stack runs
 * @param customDomainTarget with a custom domain, the name its CNAME record must point at (the stack's
 *                           {@code CustomDomainTarget} output); empty without one
 */
public record BackendDescription(String stackName, String region, URI websocketUrl, URI publicUrl,
                                 URI managementEndpoint, String templateVersion, Optional<String> customDomainTarget) {
    public BackendDescription {
        customDomainTarget = customDomainTarget == null ? Optional.empty() : customDomainTarget.filter(t -> !t.isBlank());
    }
}
