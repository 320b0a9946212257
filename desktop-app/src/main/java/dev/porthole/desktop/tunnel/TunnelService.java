package dev.porthole.desktop.tunnel;

import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.capture.Exchange;

/** Runs tunnels. The app's implementation runs a {@code TunnelAgent} per tunnel against its backend. */
public interface TunnelService {

    /**
     * Starts {@code config} and returns at once; the listener hears every status change and every exchange,
     * on any thread, until the handle is stopped.
     */
    Running start(TunnelConfig config, Listener listener);

    interface Listener {
        void status(TunnelStatus status);

        void exchange(Exchange exchange);
    }

    interface Running {
        /** Stops the tunnel; the listener then hears {@link TunnelStatus.Stopped}. Returns at once. */
        void stop();
    }
}
