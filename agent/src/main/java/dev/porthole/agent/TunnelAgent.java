package dev.porthole.agent;

import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.capture.ExchangeLog;
import dev.porthole.agent.capture.ExchangeRecorder;
import dev.porthole.agent.forward.LocalForwarder;
import dev.porthole.agent.replay.Replayer;
import dev.porthole.agent.tunnel.ConnectionSupervisor;
import dev.porthole.agent.tunnel.Connector;
import dev.porthole.protocol.BasicAuth;
import dev.porthole.protocol.Limits;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One tunnel: a public URL for a local port. {@link #start()} connects to the backend and keeps the tunnel up
 * (reconnecting by itself, keeping the same URL) until {@link #stop()}; every request that comes through is
 * forwarded to the local service and recorded for the inspector.
 *
 * <pre>{@code
 * try (TunnelAgent agent = new TunnelAgent(AgentOptions.builder(backendUrl, token, 3000).build())) {
 *     agent.onStatus(status -> System.out.println(status));
 *     agent.onExchange(exchange -> System.out.println(exchange.request().target()));
 *     agent.start();
 *     ...
 * }
 * }</pre>
 *
 * Listeners run on the agent's threads: hand their work to your UI thread, and return quickly. An agent can be
 * stopped and started again; {@link #close()} releases it for good.
 */
public final class TunnelAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TunnelAgent.class.getName());

    private final AgentOptions options;
    private final ScheduledExecutorService timer;
    private final Connector connector;
    private final LocalForwarder forwarder;
    private final ExchangeLog log;
    private final Dispatcher dispatcher;
    private final Replayer replayer;
    private final StatusStream status = new StatusStream();
    private ConnectionSupervisor supervisor;
    private boolean closed;
    /** The last tunnel ID and URL the backend confirmed: requests finishing during a reconnect still carry them. */
    private volatile String lastTunnelId;
    private volatile URI lastPublicUrl;

    public TunnelAgent(AgentOptions options) {
        this.options = options;
        warnIfLegacyPassword(options);
        this.forwarder = new LocalForwarder(options.localBaseUri(), options.hostHeader(), options.localTimeout());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("porthole-heartbeat").daemon().unstarted(r));
        this.connector = new Connector(options.backendUrl(), options.token(), options.access(), options.catchWhileOffline(), options.policy(),
            options.connectTimeout(),
            options.establishTimeout(), timer);
        this.log = new ExchangeLog(options.historySize(), options.historyBytes());
        ExchangeRecorder recorder = new ExchangeRecorder(log, options.captureBodyBytes());
        this.dispatcher = new Dispatcher(options, forwarder, recorder, () -> lastTunnelId, () -> lastPublicUrl);
        this.replayer = new Replayer(forwarder, recorder, Limits.DEFAULT_MAX_BODY_BYTES);
        this.lastTunnelId = options.tunnelId();
        status.subscribe(s -> {
            if (s instanceof TunnelStatus.Online online) {
                lastTunnelId = online.tunnelId();
                lastPublicUrl = online.publicUrl();
            }
        });
    }

    /** Still accepted by the backend, but with one salt shared by every tunnel: worth replacing. */
    private static void warnIfLegacyPassword(AgentOptions options) {
        if (options.access() != null && BasicAuth.digestOf(options.access()).filter(BasicAuth::isLegacy).isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "tunnel " + (options.tunnelId() == null ? "" : options.tunnelId() + " ")
                + "is protected by a password digest of the old form (one salt shared by every tunnel); "
                + "set its password again to store it with a salt of its own");
        }
    }

    public AgentOptions options() {
        return options;
    }

    /** Starts connecting and returns at once; {@link #onStatus} tells how it goes. Does nothing if already running. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this agent is closed; create a new one");
        }
        TunnelStatus now = status.current();
        if (supervisor != null && !(now instanceof TunnelStatus.Stopped) && !(now instanceof TunnelStatus.Failed)) {
            return;
        }
        supervisor = new ConnectionSupervisor(options, connector, dispatcher, status.newRun());
        supervisor.start();
    }

    /** Closes the tunnel; its URL stays reserved for this tunnel ID. Requests still in progress get a 502. */
    public synchronized void stop() {
        if (supervisor != null) {
            supervisor.stop();
            supervisor = null;
        }
        status.endRun(new TunnelStatus.Stopped());
    }

    public TunnelStatus status() {
        return status.current();
    }

    /** Calls {@code listener} with the current status at once, then with every change, in order. */
    public Subscription onStatus(Consumer<TunnelStatus> listener) {
        return status.subscribe(listener);
    }

    /**
     * Waits until the tunnel is online, has failed or has stopped, or {@code timeout} passes, and returns the
     * status at that moment.
     */
    public TunnelStatus awaitOnline(Duration timeout) throws InterruptedException {
        return status.await(s -> s instanceof TunnelStatus.Online || s instanceof TunnelStatus.Failed
            || s instanceof TunnelStatus.Stopped, timeout);
    }

    /** Calls {@code listener} with every exchange from now on, once its response has gone back. */
    public Subscription onExchange(Consumer<Exchange> listener) {
        return log.subscribe(listener);
    }

    /** The recent exchanges, oldest first (bounded by {@link AgentOptions#historySize()} and {@link AgentOptions#historyBytes()}). */
    public List<Exchange> exchanges() {
        return log.snapshot();
    }

    public void clearExchanges() {
        log.clear();
    }

    /**
     * Sends a captured request again to the local service — {@code original.request()} as it was, or an edited
     * copy — and returns the new exchange (also recorded and published, with {@link Exchange#replayOf()} set).
     * Blocks until the local service answers; works whether or not the tunnel is online.
     *
     * @throws IllegalArgumentException when the request's body was only partly captured
     */
    public Exchange replay(Exchange original, CapturedRequest request) {
        return replayer.replay(original, request, lastPublicUrl);
    }

    /** The public URL while online; null otherwise. */
    public URI publicUrl() {
        return status.current() instanceof TunnelStatus.Online online ? online.publicUrl() : null;
    }

    /** Stops the tunnel and releases its threads and connections; the agent cannot be started again. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        dispatcher.close();
        connector.close();
        timer.shutdownNow();
        forwarder.close();
    }
}
