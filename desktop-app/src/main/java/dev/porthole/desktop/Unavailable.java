package dev.porthole.desktop;

import dev.porthole.agent.FailureReason;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.desktop.backend.AwsBackend;
import dev.porthole.desktop.backend.BackendEndpoint;
import dev.porthole.desktop.backend.LocalBackendService;
import dev.porthole.desktop.deploy.DeployProgress;
import dev.porthole.desktop.deploy.DeploymentService;
import dev.porthole.desktop.tunnel.TunnelConfig;
import dev.porthole.desktop.tunnel.TunnelService;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Stand-ins for the parts of this build that are missing (the agent, the local backend, the deployer), each saying
 * so in plain words instead of failing obscurely. Replaced by the real services as those modules land.
 */
final class Unavailable implements TunnelService, LocalBackendService, DeploymentService {
    private static final String WHY = "This build of Porthole does not include the %s yet.";

    @Override
    public Running start(TunnelConfig config, Listener listener) {
        listener.status(new TunnelStatus.Failed(FailureReason.INTERNAL, WHY.formatted("tunnel agent")));
        return () -> listener.status(new TunnelStatus.Stopped());
    }

    @Override
    public CompletableFuture<BackendEndpoint> ensureStarted() {
        return CompletableFuture.failedFuture(new IllegalStateException(WHY.formatted("local backend")));
    }

    @Override
    public CompletableFuture<BackendEndpoint> setLanAccess(boolean lan) {
        return ensureStarted();
    }

    @Override
    public State state() {
        return new State.Failed(WHY.formatted("local backend"));
    }

    @Override
    public void onState(Consumer<State> listener) {
    }

    @Override
    public void close() {
    }

    @Override
    public List<String> profiles() {
        return List.of();
    }

    @Override
    public List<String> regions() {
        return List.of("us-east-1", "eu-west-1");
    }

    @Override
    public String appTemplateVersion() {
        return "unknown";
    }

    private <T> CompletableFuture<T> noDeployer() {
        return CompletableFuture.failedFuture(new DeploymentException(WHY.formatted("deployer"),
                "Build Porthole from a newer source tree.", null));
    }

    @Override
    public CompletableFuture<AwsBackend> deploy(String profile, String region, String stackName, Consumer<DeployProgress> progress) {
        return noDeployer();
    }

    @Override
    public CompletableFuture<AwsBackend> update(AwsBackend backend, Consumer<DeployProgress> progress) {
        return noDeployer();
    }

    @Override
    public CompletableFuture<Void> remove(AwsBackend backend, Consumer<DeployProgress> progress) {
        return noDeployer();
    }

    @Override
    public CompletableFuture<Health> health(AwsBackend backend) {
        return CompletableFuture.completedFuture(new Health(false, WHY.formatted("deployer")));
    }
}
