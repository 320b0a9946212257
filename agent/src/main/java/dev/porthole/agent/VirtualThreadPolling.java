package dev.porthole.agent;

/**
 * How the JDK wakes a virtual thread whose socket has data: the agent's forwarding threads wait on the local
 * service's answer and on each answer post's, so every forwarded request takes two such wake-ups.
 *
 * <p>By default (JDK 22 and later, on Linux) the JDK polls with virtual threads of its own, driven by one platform
 * "master" poller: a socket becoming readable wakes the master, which schedules a poller thread, which schedules
 * the waiting thread. With {@code jdk.pollerMode=1} platform poller threads wake the waiting thread directly. On a
 * 2-core machine the benchmark measured the tunnel with both, side by side (docs/agent.md, "Benchmark"). The
 * property is read once, when the first virtual thread waits on a socket, so it must be set before anything starts;
 * an explicit {@code -Djdk.pollerMode} on the command line wins, and a JDK that does not know it ignores it.
 */
public final class VirtualThreadPolling {
    static final String PROPERTY = "jdk.pollerMode";
    static final String PLATFORM_POLLER_THREADS = "1";

    private VirtualThreadPolling() {
    }

    /** Chooses platform poller threads unless the JVM was told otherwise; call first thing in {@code main}. */
    public static void usePlatformPollerThreads() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, PLATFORM_POLLER_THREADS);
        }
    }
}
