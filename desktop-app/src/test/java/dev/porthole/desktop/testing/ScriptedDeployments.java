package dev.porthole.desktop.testing;

import dev.porthole.desktop.backend.AwsBackend;
import dev.porthole.desktop.deploy.AwsCredentials;
import dev.porthole.desktop.deploy.CustomDomain;
import dev.porthole.desktop.deploy.DeployProgress;
import dev.porthole.desktop.deploy.DeploymentService;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A deployment service for view-model tests: reports the given events, then succeeds or fails as told. */
public final class ScriptedDeployments implements DeploymentService {
    public volatile List<DeployProgress> events = List.of(
            new DeployProgress("Table", "CREATE_IN_PROGRESS", "", 20),
            new DeployProgress("Function", "CREATE_COMPLETE", "", 60),
            new DeployProgress("porthole", "CREATE_COMPLETE", "", 100));
    public volatile DeploymentException failure;
    /** The profile of every deployment asked for, in order (null: the environment's credentials). */
    public final List<String> profilesUsed = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The custom domain of every deployment asked for, in order. */
    public final List<CustomDomain> requested = new java.util.concurrent.CopyOnWriteArrayList<>();
    public volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    /** What the dialog finds (read again on every Refresh). */
    public volatile List<AwsCredentials> profileList = List.of(AwsCredentials.profile("default", null),
            AwsCredentials.profile("work", "eu-west-1"));

    @Override
    public List<AwsCredentials> credentials() {
        return profileList;
    }

    @Override
    public List<String> regions() {
        return List.of("eu-west-1", "us-east-1");
    }

    @Override
    public String appTemplateVersion() {
        return "1.2.0";
    }

    @Override
    public CompletableFuture<AwsBackend> deploy(String profile, String region, String stackName, CustomDomain domain,
                                                Consumer<DeployProgress> progress) {
        requested.add(domain);
        profilesUsed.add(profile == null ? "(environment)" : profile);
        return gate.thenApply(v -> {
            events.forEach(progress);
            if (failure != null) {
                throw failure;
            }
            boolean custom = !domain.domainName().isEmpty();
            return new AwsBackend(AwsBackend.idFor(region, stackName), profile, region, stackName,
                    URI.create("wss://ws123.execute-api." + region + ".amazonaws.com/porthole"),
                    URI.create(custom ? "https://" + domain.domainName() + "/" : "https://http123.execute-api." + region + ".amazonaws.com/"),
                    "1.2.0", Instant.parse("2026-11-21T10:00:00Z"),
                    custom ? domain.domainName() : null, custom ? "d-abc123.execute-api." + region + ".amazonaws.com" : null);
        });
    }

    @Override
    public CompletableFuture<AwsBackend> update(AwsBackend backend, Consumer<DeployProgress> progress) {
        return deploy(backend.profile(), backend.region(), backend.stackName(),
                new CustomDomain(backend.domainName(), backend.domainName() == null ? "" : "arn:aws:acm:" + backend.region()
                        + ":123456789012:certificate/kept"), progress);
    }

    @Override
    public CompletableFuture<Void> remove(AwsBackend backend, Consumer<DeployProgress> progress) {
        return gate.thenRun(() -> events.forEach(progress));
    }

    @Override
    public java.util.Optional<String> token(AwsBackend backend) {
        return java.util.Optional.of("test-token");
    }

    @Override
    public CompletableFuture<Health> health(AwsBackend backend) {
        return CompletableFuture.completedFuture(new Health(true, "answered in 84 ms"));
    }
}
