package dev.porthole.desktop.backend;

import java.net.URI;
import java.time.Instant;

/**
 * A backend the person deployed to their AWS account, as saved in {@code backends.json} (never its token).
 *
 * @param domainName         the custom domain of its public URLs, or null for API Gateway's own
 * @param customDomainTarget where the custom domain's CNAME record must point (the stack's {@code CustomDomainTarget}
 *                           output), or null
 */
public record AwsBackend(String id, String profile, String region, String stackName, URI websocketUrl, URI publicUrl,
                         String templateVersion, Instant deployedAt, String domainName, String customDomainTarget) {

    public AwsBackend {
        domainName = domainName == null || domainName.isBlank() ? null : domainName;
        customDomainTarget = customDomainTarget == null || customDomainTarget.isBlank() ? null : customDomainTarget;
    }

    public BackendRef ref() {
        return new BackendRef(id, stackName + " (" + region + ")");
    }

    public static String idFor(String region, String stackName) {
        return "aws:" + region + ":" + stackName;
    }
}
