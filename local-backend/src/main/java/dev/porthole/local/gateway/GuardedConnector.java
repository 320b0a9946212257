package dev.porthole.local.gateway;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's listening socket, with {@link ClientLimits} applied to every TCP connection: one IP address holds
 * at most so many at once (the rest are closed as they are accepted), and a connection whose request headers are not
 * complete in time is closed (slowloris). Counting happens per TCP connection, so a WebSocket upgrade still counts as
 * the one connection it is.
 */
final class GuardedConnector extends ServerConnector {
    private static final System.Logger LOG = System.getLogger(GuardedConnector.class.getName());

    private final ClientLimits limits;
    private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
    /** When each connection still reading request headers began to wait for them (nanoTime). */
    private final Map<EndPoint, Long> awaitingHeaders = new ConcurrentHashMap<>();
    /** The connections counted against their address, with that address. */
    private final Map<EndPoint, InetAddress> counted = new ConcurrentHashMap<>();
    private final AtomicLong refusedOverCap = new AtomicLong();
    private final AtomicLong closedSlowHeaders = new AtomicLong();
    private volatile ScheduledFuture<?> sweep;

    GuardedConnector(Server server, ClientLimits limits, ConnectionFactory... factories) {
        super(server, factories);
        this.limits = limits;
        setIdleTimeout(limits.bodyTimeout().toMillis());
    }

    /** Checks header deadlines from now on, often enough that none is overshot by more than a tenth. */
    void startSweeping(ScheduledExecutorService timer) {
        long every = Math.max(20, Math.min(1000, limits.headerTimeout().toMillis() / 10));
        sweep = timer.scheduleAtFixedRate(this::closeSlowHeaders, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void onEndPointOpened(EndPoint endPoint) {
        super.onEndPointOpened(endPoint);
        InetAddress source = sourceOf(endPoint);
        if (source == null) {
            return;
        }
        boolean[] admitted = new boolean[1];
        int held = perSource.compute(source, (s, count) -> {
            int now = count == null ? 0 : count;
            admitted[0] = now < limits.connectionsPerSource();
            return admitted[0] ? now + 1 : now;
        });
        if (admitted[0]) {
            counted.put(endPoint, source);
        } else {
            if (refusedOverCap.getAndIncrement() % 1000 == 0) {
                LOG.log(System.Logger.Level.WARNING, "{0} holds {1} connections, more than the {2} one address may; "
                    + "closing its new ones ({3} so far)", source.getHostAddress(), held, limits.connectionsPerSource(),
                    refusedOverCap.get());
            }
            endPoint.close();
        }
    }

    @Override
    protected void onEndPointClosed(EndPoint endPoint) {
        awaitingHeaders.remove(endPoint);
        // a closed socket no longer knows its peer: the address it was counted under is remembered
        InetAddress source = counted.remove(endPoint);
        if (source != null) {
            perSource.computeIfPresent(source, (s, count) -> count <= 1 ? null : count - 1);
        }
        super.onEndPointClosed(endPoint);
    }

    private void closeSlowHeaders() {
        long now = System.nanoTime();
        long timeout = limits.headerTimeout().toNanos();
        for (EndPoint endPoint : getConnectedEndPoints()) {
            if (!(endPoint.getConnection() instanceof HttpConnection http) || !waitsForHeaders(http)) {
                awaitingHeaders.remove(endPoint); // upgraded to a WebSocket, or a request being handled, or idle between requests
                continue;
            }
            long since = awaitingHeaders.computeIfAbsent(endPoint, e -> now);
            if (now - since >= timeout) {
                awaitingHeaders.remove(endPoint);
                if (closedSlowHeaders.getAndIncrement() % 1000 == 0) {
                    LOG.log(System.Logger.Level.INFO, "closed a connection from {0} whose request headers were not complete "
                        + "within {1} ms ({2} so far)", String.valueOf(endPoint.getRemoteSocketAddress()),
                        limits.headerTimeout().toMillis(), closedSlowHeaders.get());
                }
                endPoint.close();
            }
        }
    }

    /**
     * A request has begun and its headers are not yet complete, or a new connection has sent no request yet. A
     * connection idle between keep-alive requests is not waiting: the idle timeout ends it.
     */
    private static boolean waitsForHeaders(HttpConnection http) {
        HttpParser parser = http.getParser();
        if (parser.isStart()) {
            return http.getMessagesIn() == 0;
        }
        return parser.inHeaderState();
    }

    /** Connections this connector closed because their source held too many. */
    long refusedOverCap() {
        return refusedOverCap.get();
    }

    /** Connections closed because their request headers were too slow. */
    long closedSlowHeaders() {
        return closedSlowHeaders.get();
    }

    @Override
    protected void doStop() throws Exception {
        ScheduledFuture<?> running = sweep;
        if (running != null) {
            running.cancel(false);
        }
        super.doStop();
    }

    private static InetAddress sourceOf(EndPoint endPoint) {
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
