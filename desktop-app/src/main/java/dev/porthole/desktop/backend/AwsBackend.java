package dev.porthole.desktop.backend;

import java.net.URI;
import java.time.Instant;

/** A backend the person deployed to their AWS account, as saved in {@code backends.json} (never its token). */
public record AwsBackend(String id, String profile, String region, String stackName, URI websocketUrl, URI publicUrl,
                         String templateVersion, Instant deployedAt) {

    public BackendRef ref() {
        return new BackendRef(id, stackName + " (" + region + ")");
    }

    public static String idFor(String region, String stackName) {
        return "aws:" + region + ":" + stackName;
    }
}
