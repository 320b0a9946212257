package dev.porthole.agent.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The command line's logging: by default only warnings and errors, on one line each, on standard error — the
 * command prints what a person needs itself. {@code --verbose} shows the agent's own steps. A logging
 * configuration given with {@code -Djava.util.logging.config.file} is left alone.
 */
final class Logging {
    private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";
    /** JUL holds loggers weakly: keep the ones configured here, or their levels vanish with them. */
    private static final Logger PORTHOLE = Logger.getLogger("dev.porthole");
    private static final Logger GLASSFISH = Logger.getLogger("org.glassfish");

    private Logging() {
    }

    static void quiet() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        if (System.getProperty(FORMAT_PROPERTY) == null) {
            System.setProperty(FORMAT_PROPERTY, "%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(Level.WARNING);
        // Tyrus and Grizzly report every dropped connection, which the agent already handles and reports.
        GLASSFISH.setLevel(Level.SEVERE);
    }

    static void verbose() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        PORTHOLE.setLevel(Level.FINE);
        GLASSFISH.setLevel(Level.WARNING);
    }
}
