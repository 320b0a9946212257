package dev.porthole.agent.forward.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Idle keep-alive connections to the one local service, most recently used first. A connection is lent out only
 * if it has not sat idle longer than its limit and is still quiet (see {@link Connection#isQuiet()}): servers close
 * idle connections after a while (Node.js after 5 s), and a request sent on a connection closing under it could
 * not be told apart from one the service received — the client would have to guess whether to send it again.
 */
final class ConnectionPool {
    private record Idle(Connection connection, long expiresAtNanos) {
    }

    private final int maxIdle;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private boolean closed;

    ConnectionPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** An idle connection fit for another request, or null. */
    Connection take(long nowNanos) {
        while (true) {
            Idle candidate;
            List<Connection> expired = new ArrayList<>();
            synchronized (this) {
                for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
                    Idle i = it.next();
                    if (nowNanos - i.expiresAtNanos() >= 0) {
                        it.remove();
                        expired.add(i.connection());
                    }
                }
                candidate = idle.pollFirst();
            }
            expired.forEach(Connection::close);
            if (candidate == null) {
                return null;
            }
            if (candidate.connection().isQuiet()) {
                return candidate.connection();
            }
            candidate.connection().close();
        }
    }

    /** Keeps {@code connection} for the next request, for at most {@code idleLimit}. */
    void give(Connection connection, Duration idleLimit, long nowNanos) {
        Connection dropped = null;
        synchronized (this) {
            if (closed || idleLimit.isZero() || idleLimit.isNegative()) {
                dropped = connection;
            } else {
                idle.addFirst(new Idle(connection, nowNanos + idleLimit.toNanos()));
                if (idle.size() > maxIdle) {
                    dropped = idle.pollLast().connection();
                }
            }
        }
        if (dropped != null) {
            dropped.close();
        }
    }

    /** Closes every idle connection and keeps none from now on. */
    void close() {
        List<Idle> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(idle);
            idle.clear();
        }
        all.forEach(i -> i.connection().close());
    }
}
