package dev.porthole.desktop.testing;

import dev.porthole.desktop.platform.UiExecutor;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A UI thread of its own for tests where other threads wait on the UI (an HTTP server's handlers, say): work is run
 * there in order, periodic actions on their period, as on the JavaFX thread.
 */
public final class ThreadUiExecutor implements UiExecutor, AutoCloseable {
    private volatile Thread thread;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-ui");
        t.setDaemon(true);
        thread = t;
        return t;
    });

    @Override
    public void execute(Runnable command) {
        if (Thread.currentThread() == thread) {
            command.run();
        } else {
            executor.execute(command);
        }
    }

    @Override
    public AutoCloseable every(Duration period, Runnable action) {
        ScheduledFuture<?> f = executor.scheduleAtFixedRate(action, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    /** Runs {@code work} on the UI thread and waits for its result. */
    public <T> T call(Callable<T> work) throws Exception {
        return executor.submit(work).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
