package dev.porthole.agent.tunnel;

import dev.porthole.agent.AgentOptions;
import dev.porthole.agent.FailureReason;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.protocol.Established;
import jakarta.websocket.CloseReason;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import java.util.function.Consumer;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Keeps one tunnel connected for as long as it runs, on a thread of its own:
 * <ul>
 *   <li>connects, and says so ({@link TunnelStatus.Connecting}, then {@link TunnelStatus.Online});</li>
 *   <li>when the connection drops, reconnects with exponential backoff and jitter, asking for the same tunnel ID
 *       (so the same public URL) and presenting the resume token of the lost connection;</li>
 *   <li>before API Gateway's 2-hour limit, opens the next connection while the current one still works, lets the
 *       old one finish the requests it holds, then closes it — no request is dropped;</li>
 *   <li>gives up only when trying again cannot help ({@link TunnelStatus.Failed}): a wrong token, an invalid or
 *       taken tunnel ID, a protocol the backend refuses.</li>
 * </ul>
 */
public final class ConnectionSupervisor {
    private static final System.Logger LOG = System.getLogger(ConnectionSupervisor.class.getName());

    private final AgentOptions options;
    private final Connector connector;
    private final RequestHandler handler;
    private final Consumer<TunnelStatus> status;
    private final Backoff backoff;
    private final Set<BackendConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private volatile Thread thread;
    private volatile BackendConnection current;

    /** @param status receives every status change, on the supervisor's thread */
    public ConnectionSupervisor(AgentOptions options, Connector connector, RequestHandler handler,
                                Consumer<TunnelStatus> status) {
        this.options = options;
        this.connector = connector;
        this.handler = handler;
        this.status = status;
        this.backoff = new Backoff(options.reconnectBaseDelay(), options.reconnectMaxDelay(), new Random());
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        status.accept(new TunnelStatus.Connecting());
        thread = Thread.ofPlatform().name("porthole-tunnel").daemon().start(this::run);
    }

    /**
     * Stops reconnecting and closes every connection; requests still in progress get the backend's 502. Returns
     * without waiting for a connection attempt in progress (it is closed as soon as it completes).
     */
    public void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        open.forEach(c -> c.close(CloseReason.CloseCodes.NORMAL_CLOSURE, "agent stopped"));
    }

    /** The connection new requests arrive on, or null while there is none. */
    public BackendConnection current() {
        return current;
    }

    private void run() {
        String tunnelId = options.tunnelId();
        String resumeToken = null;
        URI publicUrl = null;
        boolean everOnline = false;
        boolean claimedBefore = false;
        int attempt = 0;
        Instant takenSince = null;
        BackendConnection connection = null;
        Instant replaceAt = null;
        try {
            while (!stopped) {
                if (connection == null) {
                    try {
                        connection = connect(tunnelId, resumeToken);
                    } catch (TunnelRefused refused) {
                        if (stopped) {
                            return;
                        }
                        if (tunnelId == null && refused.claimedTunnelId().isPresent()) {
                            // the backend claimed an ID for this attempt before it failed: ask for that one next time
                            tunnelId = refused.claimedTunnelId().get();
                            claimedBefore = true;
                        }
                        if (refused.reason() == FailureReason.TUNNEL_ID_TAKEN && (everOnline || claimedBefore) && takenSince == null) {
                            takenSince = Instant.now();
                        }
                        if (!worthRetrying(refused, everOnline || claimedBefore, takenSince)) {
                            LOG.log(INFO, "tunnel failed: {0}", refused.getMessage());
                            stopped = true;
                            status.accept(new TunnelStatus.Failed(refused.reason(), refused.getMessage()));
                            return;
                        }
                        attempt++;
                        waitBeforeRetry(attempt, refused.reason(), refused.getMessage());
                        continue;
                    }
                    Established e = connection.established();
                    tunnelId = e.tunnelId();
                    resumeToken = e.resumeToken();
                    publicUrl = URI.create(e.publicUrl());
                    everOnline = true;
                    attempt = 0;
                    takenSince = null;
                    replaceAt = Instant.now().plus(options.maxConnectionAge());
                    LOG.log(INFO, "tunnel {0} online at {1}", tunnelId, publicUrl);
                    status.accept(new TunnelStatus.Online(publicUrl, tunnelId));
                }
                if (connection.awaitEnd(replaceAt)) {
                    if (stopped) {
                        return;
                    }
                    String why = connection.endReason();
                    LOG.log(INFO, "tunnel {0} lost its connection: {1}", tunnelId, why);
                    connection = null;
                    current = null;
                    attempt = 1;
                    waitBeforeRetry(attempt, FailureReason.BACKEND_UNREACHABLE, "connection lost: " + why);
                    continue;
                }
                // Planned reconnect: API Gateway closes every connection after 2 hours.
                try {
                    BackendConnection next = connect(tunnelId, resumeToken);
                    Established e = next.established();
                    BackendConnection previous = connection;
                    connection = next;
                    resumeToken = e.resumeToken();
                    replaceAt = Instant.now().plus(options.maxConnectionAge());
                    previous.retire(options.drainTimeout());
                    LOG.log(INFO, "tunnel {0} moved to a new connection", tunnelId);
                    URI url = URI.create(e.publicUrl());
                    if (!e.tunnelId().equals(tunnelId) || !url.equals(publicUrl)) {
                        tunnelId = e.tunnelId();
                        publicUrl = url;
                        status.accept(new TunnelStatus.Online(publicUrl, tunnelId));
                    }
                } catch (TunnelRefused refused) {
                    // The current connection still works until API Gateway closes it; try again a little later.
                    Duration wait = backoff.delay(++attempt);
                    LOG.log(WARNING, "could not open the replacement connection ({0}); trying again in {1} ms",
                        refused.getMessage(), wait.toMillis());
                    replaceAt = Instant.now().plus(wait);
                }
            }
        } catch (InterruptedException e) {
            // stop() interrupts the thread; the finally block closes what is open
        } finally {
            current = null;
            open.forEach(c -> c.close(CloseReason.CloseCodes.NORMAL_CLOSURE, "agent stopped"));
        }
    }

    private BackendConnection connect(String tunnelId, String resumeToken) throws TunnelRefused, InterruptedException {
        BackendConnection c = connector.open(tunnelId, resumeToken, handler);
        open.add(c);
        c.closedFuture().whenComplete((why, error) -> open.remove(c));
        if (stopped) {
            c.close(CloseReason.CloseCodes.NORMAL_CLOSURE, "agent stopped");
            throw new InterruptedException("stopped while connecting");
        }
        current = c;
        c.startHeartbeat(options.heartbeatInterval(), options.pongTimeout());
        return c;
    }

    /**
     * A refusal is worth retrying when the backend may accept the same request later. A taken tunnel ID is, for a
     * while, after this agent held it: the backend can still count the lost connection as live until API Gateway
     * notices it is gone.
     */
    private boolean worthRetrying(TunnelRefused refused, boolean everOnline, Instant takenSince) {
        if (refused.transientFailure()) {
            return true;
        }
        return refused.reason() == FailureReason.TUNNEL_ID_TAKEN && everOnline
            && Duration.between(takenSince, Instant.now()).compareTo(options.takenGrace()) < 0;
    }

    private void waitBeforeRetry(int attempt, FailureReason reason, String message) throws InterruptedException {
        Duration wait = backoff.delay(attempt);
        Instant next = Instant.now().plus(wait);
        LOG.log(INFO, "{0}; attempt {1} in {2} ms", message, attempt, wait.toMillis());
        status.accept(new TunnelStatus.Reconnecting(attempt, next, reason, message));
        Thread.sleep(wait);
    }
}
