package dev.porthole.desktop.tunnel;

import dev.porthole.agent.AgentOptions;
import dev.porthole.agent.FailureReason;
import dev.porthole.agent.TunnelAgent;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.desktop.backend.BackendDirectory;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs each tunnel as a {@link TunnelAgent} in this process, against the backend its configuration names (the
 * local one is started on the way). Replays do not need the agent: {@link dev.porthole.desktop.replay.ReplayEngine}
 * uses the same forwarding code for running and stopped tunnels.
 */
public final class AgentTunnelService implements TunnelService {
    private static final System.Logger LOG = System.getLogger(AgentTunnelService.class.getName());

    /** How long after a tunnel stopped a "taken" answer for its own ID is taken for its old connection lingering. */
    static final Duration OWN_ID_GRACE = Duration.ofSeconds(10);
    static final Duration OWN_ID_RETRY_DELAY = Duration.ofMillis(250);

    private final BackendDirectory backends;
    private final Map<String, TunnelAgent> agents = new ConcurrentHashMap<>();
    /** When each tunnel (by key) last stopped. */
    private final Map<String, Instant> recentlyStopped = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    public AgentTunnelService(BackendDirectory backends) {
        this.backends = backends;
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
            if (config.protection() != null && !config.protection().intact()) {
                run.fail(FailureReason.INTERNAL, "The password protection saved for this tunnel is damaged, so it was not "
                        + "started open to everyone. Next step: edit the tunnel and set the password again");
                return;
            }
            if (!config.rules().intact()) {
                run.fail(FailureReason.INTERNAL, "The traffic rules saved for this tunnel could not be read ("
                        + config.rules().problem().orElse("") + "), so it was not started without them. Next step: edit the "
                        + "tunnel and set its rules again");
                return;
            }
            TunnelAgent agent;
            try {
                agent = new TunnelAgent(options(config, endpoint.websocketUrl(), endpoint.token()));
            } catch (IllegalArgumentException e) {
                run.fail(config.requestedTunnelId() != null && e.getMessage().contains("tunnel ID")
                        ? FailureReason.INVALID_TUNNEL_ID : FailureReason.INTERNAL, e.getMessage());
                return;
            } catch (IllegalStateException e) {
                // the only one the agent throws here: this JVM does not let it set Host (see Launcher)
                run.fail(FailureReason.INTERNAL, config.keepPublicHost() ? PUBLIC_HOST_REFUSED : e.getMessage());
                return;
            }
            run.begin(agent);
        });
        return run::stop;
    }

    static final String PUBLIC_HOST_REFUSED = "This copy of Porthole cannot keep the public Host header: it was not started "
            + "through its launcher (dev.porthole.desktop.Launcher, which the jar and the installed app use). Next step: start "
            + "Porthole that way, or edit the tunnel and untick “Keep the public Host header”";

    /**
     * What the agent needs for this tunnel: only the password's digest travels, never the password; the rules travel
     * whole (webhook secrets included), since the backend checks signatures with them.
     */
    static AgentOptions options(TunnelConfig config, URI websocketUrl, String token) {
        return AgentOptions.builder(websocketUrl, token, config.localPort())
                .localHost(config.localHost())
                .tunnelId(config.requestedTunnelId())
                .access(config.protection() == null ? null : config.protection().accessHeader())
                .hostHeader(config.keepPublicHost() ? AgentOptions.HostHeader.PUBLIC : AgentOptions.HostHeader.LOCAL)
                .catchWhileOffline(config.catchWhileOffline())
                .policy(config.rules().policy())
                // the app keeps its own log: the agent's own would hold a second copy of every body (64 MB a tunnel)
                .historySize(1)
                .historyBytes(0)
                .build();
    }

    /**
     * One start of one tunnel; a stop before the backend answered means the agent never starts.
     *
     * <p>A restart (after an edit, or stop then start) asks for the same tunnel ID while the backend may still count
     * the connection just closed as live, and answers "taken". That is this app's own connection going away, not
     * another agent: for {@link #OWN_ID_GRACE} after this tunnel stopped, such a refusal is retried instead of shown,
     * so the URL stays the same.
     */
    private final class Run {
        private final TunnelConfig config;
        private final Listener listener;
        private final Set<TunnelAgent> retired = ConcurrentHashMap.newKeySet();
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
            if (previous != null && previous != started) {
                work.execute(previous::close);
            }
            try {
                started.start();
                started.onStatus(s -> status(started, s));
                started.onExchange(listener::exchange);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "tunnel " + config.name() + " did not start", e);
                fail(FailureReason.INTERNAL, e.getMessage());
            }
        }

        private void status(TunnelAgent from, TunnelStatus status) {
            if (retired.contains(from)) {
                return;
            }
            if (status instanceof TunnelStatus.Failed f && f.reason() == FailureReason.TUNNEL_ID_TAKEN && retry(from)) {
                return;
            }
            listener.status(status);
        }

        /** Starts a fresh agent shortly if {@code from} was refused only because this tunnel's last connection lingers. */
        private synchronized boolean retry(TunnelAgent from) {
            Instant stoppedAt = recentlyStopped.get(config.key());
            if (stopped || from != agent || stoppedAt == null || clock.instant().isAfter(stoppedAt.plus(OWN_ID_GRACE))) {
                return false;
            }
            retired.add(from);
            agents.remove(config.key(), from);
            agent = null;
            work.execute(() -> {
                from.close();
                try {
                    Thread.sleep(OWN_ID_RETRY_DELAY.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                begin(new TunnelAgent(from.options()));
            });
            return true;
        }

        synchronized void fail(FailureReason reason, String message) {
            if (!stopped) {
                listener.status(new TunnelStatus.Failed(reason, message));
            }
        }

        synchronized void stop() {
            stopped = true;
            recentlyStopped.put(config.key(), clock.instant());
            if (agent != null) {
                agents.remove(config.key(), agent);
                TunnelAgent closing = agent;
                agent = null;
                work.execute(closing::close);
            }
        }
    }

    /** Stops every tunnel (app exit). */
    public void closeAll() {
        agents.values().forEach(TunnelAgent::close);
        agents.clear();
    }
}
