package dev.porthole.agent.capture;

import dev.porthole.agent.Subscription;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The recent exchanges of one tunnel, kept in memory for the live log and the inspector, and the listeners that
 * hear of each new one. Bounded twice: by count, and by the bytes of captured bodies, so a burst of large
 * uploads cannot exhaust the heap; the oldest exchanges go first. Thread-safe.
 */
public final class ExchangeLog {
    private static final System.Logger LOG = System.getLogger(ExchangeLog.class.getName());

    private final int maxExchanges;
    private final long maxBodyBytes;
    private final ArrayDeque<Exchange> exchanges = new ArrayDeque<>();
    private final List<Consumer<Exchange>> listeners = new CopyOnWriteArrayList<>();
    private long bodyBytes;

    public ExchangeLog(int maxExchanges, long maxBodyBytes) {
        if (maxExchanges < 1) {
            throw new IllegalArgumentException("the log must hold at least one exchange");
        }
        this.maxExchanges = maxExchanges;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Keeps {@code exchange} (dropping the oldest beyond the bounds), then tells every listener on this thread. */
    public void add(Exchange exchange) {
        synchronized (this) {
            exchanges.addLast(exchange);
            bodyBytes += bodyBytes(exchange);
            while (exchanges.size() > maxExchanges || (bodyBytes > maxBodyBytes && exchanges.size() > 1)) {
                bodyBytes -= bodyBytes(exchanges.removeFirst());
            }
        }
        for (Consumer<Exchange> listener : listeners) {
            try {
                listener.accept(exchange);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an exchange listener failed", e);
            }
        }
    }

    /** The kept exchanges, oldest first. */
    public synchronized List<Exchange> snapshot() {
        return List.copyOf(exchanges);
    }

    /** The kept exchange with this ID, or null when it was never kept or has been dropped. */
    public synchronized Exchange find(String id) {
        return exchanges.stream().filter(e -> e.id().equals(id)).findFirst().orElse(null);
    }

    public synchronized void clear() {
        exchanges.clear();
        bodyBytes = 0;
    }

    /**
     * Calls {@code listener} with every exchange added from now on, on the thread that adds it (a forwarding
     * thread: hand the work to your UI thread). Closing the returned handle stops it.
     */
    public Subscription subscribe(Consumer<Exchange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private static long bodyBytes(Exchange e) {
        long n = e.request().body().bytes().length;
        return e.response() == null ? n : n + e.response().body().bytes().length;
    }
}
