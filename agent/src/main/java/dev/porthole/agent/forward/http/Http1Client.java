package dev.porthole.agent.forward.http;

import dev.porthole.agent.forward.http.Connection.Abort;
import dev.porthole.agent.forward.http.ExchangeException.Reason;
import dev.porthole.protocol.Header;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 client for one local service, written for a proxy that must change nothing: the method, target
 * and header lines go out exactly as given (values as UTF-8 bytes), it adds no header of its own but the body's
 * Content-Length, and it reads the response byte for byte (see {@link ResponseReader}).
 *
 * <p><b>It never sends a request twice.</b> When the connection breaks before the response is whole — the service
 * crashed, was restarted, or closed a kept-alive connection as the request went out — the exchange fails with
 * {@link Reason#CLOSED}: the service may have received the request and acted on it, so only the caller can decide to
 * send it again. To keep that last case rare, idle connections are kept only briefly and checked before use (see
 * {@link ConnectionPool}).
 *
 * <p>Every exchange has a deadline that covers connecting, sending and receiving; when it passes, the connection is
 * closed under the exchange, which ends it at once whatever it was blocked on. Interim 1xx responses (100 Continue,
 * 103 Early Hints) are read and skipped: the tunnel delivers final responses only. An event stream
 * ({@code text/event-stream}) is read for a window and then cut, since it never ends by itself.
 */
public final class Http1Client implements AutoCloseable {
    /**
     * How long an idle connection is kept for the next request, unless the service says it keeps them for less
     * ({@code Keep-Alive: timeout=N}; then half of that). Below the common server defaults (Node.js: 5 s).
     */
    static final Duration IDLE_LIMIT = Duration.ofSeconds(2);
    private static final int MAX_IDLE_CONNECTIONS = 64;

    private final String host;
    private final int port;
    private final Duration timeout;
    private final Duration eventStreamWindow;
    private final ConnectionPool pool = new ConnectionPool(MAX_IDLE_CONNECTIONS);
    private final Set<Connection> busy = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer = deadlineTimer();
    private volatile boolean closed;

    /**
     * @param timeout           how long one exchange may take, connecting included
     * @param eventStreamWindow how long a {@code text/event-stream} body is read before the events so far are returned
     */
    public Http1Client(String host, int port, Duration timeout, Duration eventStreamWindow) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.eventStreamWindow = eventStreamWindow;
    }

    /**
     * Sends {@code request} once and reads the final response whole.
     *
     * @param maxBodyBytes a larger response body fails the exchange with {@link Reason#TOO_LARGE} as soon as that is
     *                     known; the rest is not read
     * @throws ExchangeException with the reason and a message for a person; never a retry
     */
    public ReceivedResponse exchange(OutgoingRequest request, long maxBodyBytes) throws ExchangeException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        if (closed) {
            throw new ExchangeException(Reason.STOPPED, "the agent stopped before the request was sent");
        }
        Connection pooled = pool.take(start);
        Connection connection = pooled != null ? pooled : connect(deadline);
        connection.startExchange(pooled != null);
        busy.add(connection);
        if (closed) {
            connection.abort(Abort.CLIENT_CLOSED);
        }
        ScheduledFuture<?> alarm;
        try {
            alarm = timer.schedule(() -> connection.abort(Abort.DEADLINE), Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            busy.remove(connection);
            connection.close();
            throw new ExchangeException(Reason.STOPPED, "the agent stopped before the request was sent");
        }
        ScheduledFuture<?> windowEnd = null;
        try {
            boolean sent = send(connection, request);
            ResponseReader.Head head;
            try {
                head = ResponseReader.readHead(connection);
            } catch (ExchangeException e) {
                if (!sent && e.reason() == Reason.CLOSED && connection.aborted() == null) {
                    throw new ExchangeException(Reason.CLOSED, "it closed the connection while the request was being sent");
                }
                throw e;
            }
            if (head.status() == 101) {
                connection.close(); // the connection now speaks another protocol, which nothing here can carry
                return new ReceivedResponse(101, head.headers(), new byte[0], false);
            }
            ByteArrayOutputStream partial = new ByteArrayOutputStream();
            if (isEventStream(head)) {
                try {
                    windowEnd = timer.schedule(() -> connection.abort(Abort.STREAM_WINDOW), eventStreamWindow.toNanos(),
                        TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException stopped) {
                    throw new ExchangeException(Reason.STOPPED, "the agent stopped before the answer came");
                }
            }
            ResponseReader.Body body;
            try {
                body = ResponseReader.readBody(connection, head, request.isHead(), maxBodyBytes, partial);
            } catch (IOException e) {
                if (connection.aborted() == Abort.STREAM_WINDOW) {
                    return new ReceivedResponse(head.status(), head.headers(), partial.toByteArray(), true);
                }
                throw e;
            }
            boolean alarmsQuiet = alarm.cancel(false) & (windowEnd == null || windowEnd.cancel(false));
            if (sent && alarmsQuiet && connection.aborted() == null && ResponseReader.reusableAfter(head, request.isHead())) {
                pool.give(connection, idleLimit(head), System.nanoTime());
            } else {
                connection.close();
            }
            return new ReceivedResponse(head.status(), head.headers(), body.bytes(), false);
        } catch (IOException e) {
            connection.close();
            throw failure(e, connection);
        } finally {
            alarm.cancel(false);
            if (windowEnd != null) {
                windowEnd.cancel(false);
            }
            busy.remove(connection);
        }
    }

    /**
     * Writes the request. A write that fails is not yet a failure: a service may answer early and close (413 for a
     * body it will not take) — so the response is read all the same, and only its absence is reported.
     *
     * @return false when the write failed
     */
    private static boolean send(Connection connection, OutgoingRequest request) throws IOException {
        try {
            connection.write(head(request), ByteBuffer.wrap(request.body()));
            return true;
        } catch (IOException e) {
            if (connection.aborted() != null || e instanceof ClosedByInterruptException) {
                throw e;
            }
            return false;
        }
    }

    /** The request line and header lines; values as UTF-8, the one encoding API Gateway hands text in. */
    static ByteBuffer head(OutgoingRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        ascii(out, request.method() + " " + request.target() + " HTTP/1.1\r\n");
        boolean lengthAnnounced = false;
        for (Header h : request.headers()) {
            if (h.hasName("content-length") || h.hasName("transfer-encoding")) {
                lengthAnnounced = true;
                continue;
            }
            ascii(out, h.name() + ": ");
            out.writeBytes(h.value().getBytes(StandardCharsets.UTF_8));
            ascii(out, "\r\n");
        }
        if (request.body().length > 0 || lengthAnnounced) {
            ascii(out, "Content-Length: " + request.body().length + "\r\n");
        }
        ascii(out, "\r\n");
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Tries each address of the host in turn ({@code localhost} may be 127.0.0.1 or ::1, whichever the service took). */
    private Connection connect(long deadline) throws ExchangeException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ExchangeException(Reason.REFUSED, "unknown host " + host);
        }
        String refusal = "connection refused";
        for (InetAddress address : addresses) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.socket().connect(new InetSocketAddress(address, port), (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return new Connection(channel);
            } catch (SocketTimeoutException e) {
                close(channel);
                throw new ExchangeException(Reason.REFUSED, "no answer to the connection attempt within " + timeout.toMillis() + " ms");
            } catch (ClosedByInterruptException e) {
                close(channel);
                throw new ExchangeException(Reason.STOPPED, "the agent stopped before the request was sent");
            } catch (NoRouteToHostException e) {
                close(channel);
                refusal = "no route to the host";
            } catch (ConnectException e) {
                close(channel);
            } catch (IOException e) {
                close(channel);
                refusal = "the connection could not be made";
            }
        }
        throw new ExchangeException(Reason.REFUSED, refusal);
    }

    private static void close(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // it never carried anything
            }
        }
    }

    /**
     * What a failed exchange tells the caller. A deadline or a stop that closed the connection explains whatever
     * the reading thread saw; otherwise the reader's own reason stands, and any other I/O error is the connection
     * breaking. The message is the client's own words: an exception's text never reaches a caller.
     */
    private ExchangeException failure(IOException e, Connection connection) {
        Abort aborted = connection.aborted();
        if (aborted == Abort.DEADLINE) {
            return new ExchangeException(Reason.TIMEOUT, "it did not answer within " + timeout.toMillis() + " ms");
        }
        if (aborted == Abort.CLIENT_CLOSED || e instanceof ClosedByInterruptException) {
            return new ExchangeException(Reason.STOPPED, "the agent stopped before the answer came");
        }
        if (e instanceof ExchangeException known) {
            if (known.reason() == Reason.CLOSED && connection.reused() && connection.received() == 0) {
                return new ExchangeException(Reason.CLOSED, known.getMessage()
                    + " (on a kept-alive connection it had left open)");
            }
            return known;
        }
        return new ExchangeException(Reason.CLOSED, connection.received() == 0
            ? "the connection broke before it answered"
            : "the connection broke after " + connection.received() + " bytes of its response");
    }

    /** One thread for every deadline; a cancelled one leaves the queue at once (most exchanges end long before it). */
    private static ScheduledThreadPoolExecutor deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            r -> Thread.ofPlatform().name("porthole-local-deadlines").daemon().unstarted(r));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static boolean isEventStream(ResponseReader.Head head) {
        return head.headers().first("content-type")
            .map(t -> t.strip().toLowerCase(Locale.ROOT).startsWith("text/event-stream")).orElse(false);
    }

    private static Duration idleLimit(ResponseReader.Head head) {
        return head.keepAliveTimeout().map(t -> t.dividedBy(2)).filter(t -> t.compareTo(IDLE_LIMIT) < 0).orElse(IDLE_LIMIT);
    }

    /** Closes every connection, ending exchanges under way with {@link Reason#STOPPED}. */
    @Override
    public void close() {
        closed = true;
        pool.close();
        busy.forEach(c -> c.abort(Abort.CLIENT_CLOSED));
        timer.shutdownNow();
    }
}
