package dev.porthole.desktop;

import dev.porthole.desktop.backend.BackendDirectory;
import dev.porthole.desktop.backend.LocalBackendService;
import dev.porthole.desktop.deploy.DeploymentService;
import dev.porthole.desktop.tunnel.PortProbe;
import dev.porthole.desktop.tunnel.TunnelService;

import java.time.Clock;
import java.util.function.Function;

/**
 * The outside world the view models talk to. The app builds the real ones ({@link RealServices}); tests hand in
 * their own where nothing real can run.
 *
 * @param tunnels builds the tunnel service once the backend directory exists (tunnels find their backend through it)
 */
public record Services(LocalBackendService local, DeploymentService deployments,
                       Function<BackendDirectory, TunnelService> tunnels, PortProbe probe,
                       Clock clock) {
}
