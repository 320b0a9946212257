package dev.porthole.agent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The current {@link TunnelStatus} and the listeners that hear of each change, in order. Statuses from a run
 * that has since been stopped are dropped, so a slow connection attempt finishing after {@code stop()} can never
 * bring back "connecting" or "online".
 */
final class StatusStream {
    private static final System.Logger LOG = System.getLogger(StatusStream.class.getName());

    private final List<Consumer<TunnelStatus>> listeners = new CopyOnWriteArrayList<>();
    private TunnelStatus current = new TunnelStatus.Stopped();
    private long run;

    /** Starts a new run; only statuses passed to the returned sink count from now on. */
    synchronized Consumer<TunnelStatus> newRun() {
        long mine = ++run;
        return status -> publish(mine, status);
    }

    /** Ends the current run with {@code status} (stopped); later statuses from that run are ignored. */
    synchronized void endRun(TunnelStatus status) {
        run++;
        set(status);
    }

    private synchronized void publish(long from, TunnelStatus status) {
        if (from == run) {
            set(status);
        }
    }

    private void set(TunnelStatus status) {
        if (status.equals(current)) {
            return;
        }
        current = status;
        notifyAll();
        for (Consumer<TunnelStatus> listener : listeners) {
            try {
                listener.accept(status);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a status listener failed", e);
            }
        }
    }

    synchronized TunnelStatus current() {
        return current;
    }

    /** Tells {@code listener} the current status at once, then every change. */
    synchronized Subscription subscribe(Consumer<TunnelStatus> listener) {
        listeners.add(listener);
        listener.accept(current);
        return () -> listeners.remove(listener);
    }

    /** Waits until the status matches or the time is up; returns the status then. */
    synchronized TunnelStatus await(Predicate<TunnelStatus> until, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!until.test(current)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return current;
    }
}
