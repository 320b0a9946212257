package dev.porthole.desktop.ui;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** How long the FX thread was kept from its work: the figures the UI benchmarks print. */
final class FxStalls {
    private FxStalls() {
    }

    /** The longest gap between two pulses of the FX thread while it runs (start and stop it on the FX thread). */
    static final class PulseGaps extends AnimationTimer {
        final AtomicLong maxGapNanos = new AtomicLong();
        long last;

        @Override
        public void handle(long now) {
            if (last != 0) {
                maxGapNanos.accumulateAndGet(now - last, Math::max);
            }
            last = now;
        }

        double maxGapMillis() {
            return maxGapNanos.get() / 1e6;
        }
    }

    /** How long an event waits before the FX thread runs it: pings every 5 ms from another thread. */
    static final class EventWaits {
        final AtomicLong maxNanos = new AtomicLong();
        volatile long worstAt;
        volatile boolean running = true;
        final Thread thread = Thread.ofPlatform().daemon().start(() -> {
            while (running) {
                long sent = System.nanoTime();
                CountDownLatch ran = new CountDownLatch(1);
                Platform.runLater(() -> {
                    long waited = System.nanoTime() - sent;
                    if (waited > maxNanos.get()) {
                        maxNanos.set(waited);
                        worstAt = sent;
                    }
                    ran.countDown();
                });
                try {
                    ran.await();
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        /** Stops pinging; the longest wait, in milliseconds. */
        double stop() throws InterruptedException {
            running = false;
            thread.join();
            return maxNanos.get() / 1e6;
        }
    }
}
