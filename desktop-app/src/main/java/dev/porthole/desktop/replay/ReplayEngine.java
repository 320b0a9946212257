package dev.porthole.desktop.replay;

import dev.porthole.agent.AgentOptions;
import dev.porthole.agent.AgentOptions.HostHeader;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.replay.Replayer;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.tunnel.TunnelConfig;
import dev.porthole.protocol.Limits;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The app's one replay engine, for running and stopped tunnels alike: the agent's {@link Replayer}, made for the
 * target of each replay, so a replay gets the forwarding rules live traffic gets (Host, X-Forwarded-*, hop-by-hop
 * headers), the agent's capture limits and exchange IDs, and the captured bytes exactly unless the person edited
 * them. Sent to the tunnel's own local service, a tunnel that keeps the public Host keeps it for the replay too.
 */
public final class ReplayEngine implements ReplayService, AutoCloseable {
    /** As long as a tunnel waits for its local service. */
    public static final Duration DEFAULT_TIMEOUT = agentDefaults().localTimeout();

    private final Function<String, Optional<TunnelConfig>> tunnels;
    private final Duration timeout;
    private final int captureBodyBytes = agentDefaults().captureBodyBytes();
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    /** @param tunnels the person's tunnel by its key, while it exists (it says how that tunnel forwards) */
    public ReplayEngine(Function<String, Optional<TunnelConfig>> tunnels, Duration timeout) {
        this.tunnels = tunnels;
        this.timeout = timeout;
    }

    private static AgentOptions agentDefaults() {
        return AgentOptions.builder(URI.create("ws://localhost/"), "unused", 1).build();
    }

    /** Call on the UI thread (it reads the tunnel's settings); the sending happens on a thread of its own. */
    @Override
    public CompletableFuture<Exchange> send(URI base, LogEntry original, CapturedRequest request) {
        HostHeader mode = tunnels.apply(original.tunnelKey() == null ? "" : original.tunnelKey())
                .filter(t -> t.keepPublicHost() && sameAuthority(base, URI.create("http://" + t.localTarget())))
                .map(t -> HostHeader.PUBLIC).orElse(HostHeader.LOCAL);
        URI localBase = withoutTrailingSlash(base);
        return CompletableFuture.supplyAsync(() -> {
            try (Replayer replayer = Replayer.standalone(localBase, mode, timeout, captureBodyBytes, Limits.DEFAULT_MAX_BODY_BYTES)) {
                return replayer.replay(original.exchange(), request, original.publicUrl());
            }
        }, work);
    }

    static boolean sameAuthority(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    /** The address without a trailing slash: the request's target, which starts with one, is appended to it. */
    static URI withoutTrailingSlash(URI base) {
        String s = base.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : base;
    }

    @Override
    public void close() {
        work.shutdownNow();
    }
}
