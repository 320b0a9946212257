package dev.porthole.desktop;

import dev.porthole.desktop.replay.HttpReplayService;
import dev.porthole.desktop.settings.SettingsStore;
import dev.porthole.desktop.tunnel.PortProbe;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The services the app runs with. */
final class RealServices {
    private RealServices() {
    }

    static Services create(Path configDir, SettingsStore settings) {
        Unavailable missing = new Unavailable();
        return new Services(missing, missing, directory -> missing,
                new HttpReplayService(Clock.systemDefaultZone(), Duration.ofSeconds(30)),
                PortProbe.tcp(Executors.newVirtualThreadPerTaskExecutor()), Clock.systemDefaultZone());
    }
}
