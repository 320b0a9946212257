package dev.porthole.desktop;

import javafx.application.Application;

/**
 * The jar's main class, and the installed app's (jpackage's {@code --main-class}). It is not the {@link Application}
 * subclass on purpose: started from the class path, JavaFX refuses to launch a main class that extends Application
 * ("JavaFX runtime components are missing").
 */
public final class Launcher {
    /** Held so the setting sticks: JUL keeps loggers only weakly. */
    private static final java.util.logging.Logger JETTY = java.util.logging.Logger.getLogger("org.eclipse.jetty");

    private Launcher() {
    }

    public static void main(String[] args) {
        dev.porthole.agent.VirtualThreadPolling.usePlatformPollerThreads();
        // the embedded backend's web server reports every start and stop; the person only needs its problems
        JETTY.setLevel(java.util.logging.Level.WARNING);
        try {
            LaunchOptions.parse(java.util.List.of(args));
        } catch (LaunchOptions.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println(e.getMessage());
            }
            System.err.print(LaunchOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
        }
        dev.porthole.desktop.platform.BoundedHeap.relaunchIfUnbounded(args);
        dev.porthole.desktop.platform.MemoryTuning.apply();
        dev.porthole.desktop.platform.Rendering.configure();
        Application.launch(PortholeApp.class, args);
        // the window is closed and PortholeApp.stop gave the rest its time: threads still closing do not hold the exit
        System.exit(0);
    }
}
