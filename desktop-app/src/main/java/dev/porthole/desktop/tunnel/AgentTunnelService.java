package dev.porthole.desktop.tunnel;

import dev.porthole.agent.AgentOptions;
import dev.porthole.agent.FailureReason;
import dev.porthole.agent.TunnelAgent;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.backend.BackendDirectory;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.replay.ReplayService;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs each tunnel as a {@link TunnelAgent} in this process, against the backend its configuration names (the
 * local one is started on the way). Replays to a running tunnel's own local target go through its agent, so they
 * get exactly the headers live traffic gets; replays anywhere else use {@code elsewhere}.
 */
public final class AgentTunnelService implements TunnelService, ReplayService {
    private static final System.Logger LOG = System.getLogger(AgentTunnelService.class.getName());

    private final BackendDirectory backends;
    private final ReplayService elsewhere;
    private final Map<String, TunnelAgent> agents = new ConcurrentHashMap<>();
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    public AgentTunnelService(BackendDirectory backends, ReplayService elsewhere) {
        this.backends = backends;
        this.elsewhere = elsewhere;
    }

    @Override
    public Running start(TunnelConfig config, Listener listener) {
        Run run = new Run(config, listener);
        backends.endpoint(config.backendId()).whenComplete((endpoint, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                run.fail(FailureReason.BACKEND_UNREACHABLE, cause.getMessage() == null ? cause.toString() : cause.getMessage());
                return;
            }
            AgentOptions options;
            try {
                options = AgentOptions.builder(endpoint.websocketUrl(), endpoint.token(), config.localPort())
                        .localHost(config.localHost()).tunnelId(config.requestedTunnelId()).build();
            } catch (IllegalArgumentException e) {
                run.fail(config.requestedTunnelId() != null && e.getMessage().contains("tunnel ID")
                        ? FailureReason.INVALID_TUNNEL_ID : FailureReason.INTERNAL, e.getMessage());
                return;
            }
            run.begin(new TunnelAgent(options));
        });
        return run::stop;
    }

    /** One start of one tunnel; a stop before the backend answered means the agent never starts. */
    private final class Run {
        private final TunnelConfig config;
        private final Listener listener;
        private TunnelAgent agent;
        private boolean stopped;

        Run(TunnelConfig config, Listener listener) {
            this.config = config;
            this.listener = listener;
        }

        synchronized void begin(TunnelAgent started) {
            if (stopped) {
                started.close();
                return;
            }
            agent = started;
            TunnelAgent previous = agents.put(config.key(), started);
            if (previous != null) {
                work.execute(previous::close);
            }
            try {
                started.start();
                started.onStatus(listener::status);
                started.onExchange(listener::exchange);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "tunnel " + config.name() + " did not start", e);
                fail(FailureReason.INTERNAL, e.getMessage());
            }
        }

        synchronized void fail(FailureReason reason, String message) {
            if (!stopped) {
                listener.status(new TunnelStatus.Failed(reason, message));
            }
        }

        synchronized void stop() {
            stopped = true;
            if (agent != null) {
                agents.remove(config.key(), agent);
                TunnelAgent closing = agent;
                agent = null;
                work.execute(closing::close);
            }
        }
    }

    @Override
    public CompletableFuture<Exchange> send(URI base, LogEntry original, CapturedRequest request) {
        TunnelAgent agent = agents.get(original.tunnelKey() == null ? "" : original.tunnelKey());
        if (agent != null && sameTarget(base, agent.options().localBaseUri())) {
            return CompletableFuture.supplyAsync(() -> agent.replay(original.exchange(), request), work);
        }
        return elsewhere.send(base, original, request);
    }

    static boolean sameTarget(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort()
                && (a.getRawPath() == null || a.getRawPath().isEmpty() || a.getRawPath().equals("/"));
    }

    /** Stops every tunnel (app exit). */
    public void closeAll() {
        agents.values().forEach(TunnelAgent::close);
        agents.clear();
    }
}
