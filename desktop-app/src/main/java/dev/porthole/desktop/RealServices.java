package dev.porthole.desktop;

import dev.porthole.desktop.backend.EmbeddedLocalBackend;
import dev.porthole.desktop.deploy.AwsDeploymentService;
import dev.porthole.desktop.settings.SettingsStore;
import dev.porthole.desktop.tunnel.AgentTunnelService;
import dev.porthole.desktop.tunnel.PortProbe;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;

/** The services the app runs with: agents in-process, the embedded local backend, the deployer. */
final class RealServices {
    private RealServices() {
    }

    /** @param persistent keep the local backend's tunnels on disk (false for a smoke test) */
    static Services create(Path configDir, SettingsStore settings, boolean persistent) {
        return new Services(new EmbeddedLocalBackend(configDir, settings, persistent), new AwsDeploymentService(configDir),
                AgentTunnelService::new,
                PortProbe.tcp(Executors.newVirtualThreadPerTaskExecutor()), Clock.systemDefaultZone());
    }
}
