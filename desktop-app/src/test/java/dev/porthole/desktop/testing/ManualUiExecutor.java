package dev.porthole.desktop.testing;

import dev.porthole.desktop.platform.UiExecutor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A UI thread for view-model tests: work handed over from other threads queues until {@link #runPending()};
 * work from the test thread itself runs at once; periodic actions run on {@link #tick()}.
 */
public final class ManualUiExecutor implements UiExecutor {
    private final Thread owner = Thread.currentThread();
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final List<Runnable> periodic = new CopyOnWriteArrayList<>();

    @Override
    public void execute(Runnable command) {
        if (Thread.currentThread() == owner) {
            command.run();
        } else {
            pending.add(command);
        }
    }

    @Override
    public AutoCloseable every(Duration period, Runnable action) {
        periodic.add(action);
        return () -> periodic.remove(action);
    }

    public void runPending() {
        Runnable r;
        while ((r = pending.poll()) != null) {
            r.run();
        }
    }

    /** Runs what other threads handed over, then every periodic action once. */
    public void tick() {
        runPending();
        periodic.forEach(Runnable::run);
    }
}
