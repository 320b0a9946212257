package dev.porthole.agent.scenario;

import dev.porthole.agent.AgentOptions;
import dev.porthole.agent.TunnelAgent;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.testing.Origin;
import dev.porthole.local.LocalBackend;
import dev.porthole.local.LocalBackendOptions;
import dev.porthole.template.Template;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One scenario's world, all real parts: the local backend as a new AWS account (--like-aws, possibly with scaled
 * time), an origin on loopback, and agents in front of it.
 */
final class ScenarioStack implements AutoCloseable {
    static final String TOKEN = "scenario-" + Long.toHexString(System.nanoTime());

    final LocalBackend backend;
    final Origin origin;
    final List<TunnelAgent> agents = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    private ScenarioStack(LocalBackend backend, Origin origin) {
        this.backend = backend;
        this.origin = origin;
    }

    static ScenarioStack start(UnaryOperator<LocalBackendOptions> options) throws Exception {
        return start(options, Template.load());
    }

    static ScenarioStack start(UnaryOperator<LocalBackendOptions> options, Template template) throws Exception {
        Origin origin = Origin.start();
        try {
            return new ScenarioStack(LocalBackend.start(options.apply(LocalBackendOptions.inMemory(TOKEN).likeAws()), template), origin);
        } catch (Exception e) {
            origin.close();
            throw e;
        }
    }

    AgentOptions.Builder agentOptions() {
        return AgentOptions.builder(backend.websocketUrl(), TOKEN, origin.port()).localHost("127.0.0.1")
            .establishTimeout(Duration.ofSeconds(20)).reconnectBaseDelay(Duration.ofMillis(200)).reconnectMaxDelay(Duration.ofSeconds(2));
    }

    /** Starts an agent and waits until its tunnel is online; its public URL. */
    URI online(AgentOptions options, Duration within) throws InterruptedException {
        TunnelAgent agent = new TunnelAgent(options);
        synchronized (agents) {
            agents.add(agent);
        }
        agent.start();
        TunnelStatus status = agent.awaitOnline(within);
        if (!(status instanceof TunnelStatus.Online online)) {
            throw new IllegalStateException("the tunnel did not come online: " + status);
        }
        return online.publicUrl();
    }

    @Override
    public void close() {
        synchronized (agents) {
            agents.forEach(TunnelAgent::close);
        }
        backend.close();
        origin.close();
    }
}
