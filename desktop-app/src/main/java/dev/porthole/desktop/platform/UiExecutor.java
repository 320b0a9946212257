package dev.porthole.desktop.platform;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The one thread that may touch view models and views. Services call back from their own threads; view models
 * hop onto this executor before changing a property. Tests run it inline and tick the periodic actions by hand.
 */
public interface UiExecutor extends Executor {

    /** Runs {@code action} on the UI thread every {@code period} until the returned handle is closed. */
    AutoCloseable every(Duration period, Runnable action);
}
