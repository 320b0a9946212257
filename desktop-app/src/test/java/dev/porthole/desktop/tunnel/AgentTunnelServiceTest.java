package dev.porthole.desktop.tunnel;

import dev.porthole.agent.AgentOptions;
import dev.porthole.agent.FailureReason;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.backend.BackendEndpoint;
import dev.porthole.desktop.backend.BackendRef;
import dev.porthole.desktop.backend.EmbeddedLocalBackend;
import dev.porthole.desktop.settings.SettingsStore;
import dev.porthole.desktop.testing.EchoServer;
import dev.porthole.desktop.testing.OlderBackend;
import dev.porthole.protocol.Handshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** How a tunnel's settings reach its agent; the end-to-end test runs them against the real backend. */
class AgentTunnelServiceTest {
    static final URI BACKEND = URI.create("ws://127.0.0.1:9/_porthole/ws/local");

    @Test
    void the_agent_gets_the_digest_the_host_mode_and_the_catching_of_the_tunnel() {
        TunnelConfig open = TunnelConfig.create("Shop", "localhost", 3000, BackendRef.LOCAL_ID, null);
        AgentOptions plain = AgentTunnelService.options(open, BACKEND, "token");
        assertThat(plain.access()).isNull();
        assertThat(plain.hostHeader()).isEqualTo(AgentOptions.HostHeader.LOCAL);

        Protection protection = Protection.of("team", "pw");
        AgentOptions guarded = AgentTunnelService.options(open.withProtection(protection).withKeepPublicHost(true),
                BACKEND, "token");
        assertThat(guarded.access()).isEqualTo(protection.accessHeader());
        assertThat(guarded.hostHeader()).isEqualTo(AgentOptions.HostHeader.PUBLIC);
        assertThat(guarded.toString()).doesNotContain(guarded.access());
        assertThat(guarded.catchWhileOffline()).isFalse();

        assertThat(AgentTunnelService.options(open.withCatchWhileOffline(true), BACKEND, "token").catchWhileOffline()).isTrue();
    }

    @Test
    void a_damaged_saved_password_fails_the_start_instead_of_opening_the_url() throws Exception {
        AgentTunnelService service = new AgentTunnelService(id -> CompletableFuture.completedFuture(
                new BackendEndpoint(BACKEND, URI.create("http://127.0.0.1:9/"), "token")));
        CompletableFuture<TunnelStatus> first = new CompletableFuture<>();
        TunnelConfig broken = TunnelConfig.create("Shop", "localhost", 3000, BackendRef.LOCAL_ID, null)
                .withProtection(new Protection("team", "basic plaintext"));
        service.start(broken, new TunnelService.Listener() {
            @Override
            public void status(TunnelStatus status) {
                first.complete(status);
            }

            @Override
            public void exchange(Exchange exchange) {
            }
        });
        TunnelStatus status = first.get(5, TimeUnit.SECONDS);
        assertThat(status).isInstanceOf(TunnelStatus.Failed.class);
        assertThat(StatusWords.detail(status)).contains("damaged").contains("not started open to everyone")
                .contains("Next step: edit the tunnel and set the password again").doesNotContain("restart the app");
        service.closeAll();
    }

    /**
     * A backend deployed before password protection (or catching) would take the agent's request for it without a
     * word and forward everyone; the agent refuses such a backend's {@code established}, and the person sees why and what
     * to do, with no URL shown. An open tunnel on the same backend still comes online.
     */
    @Test
    void a_backend_older_than_protection_or_catching_fails_the_tunnel_with_the_next_step_and_no_url() throws Exception {
        try (OlderBackend older = new OlderBackend("old-token")) {
            AgentTunnelService service = new AgentTunnelService(id -> CompletableFuture.completedFuture(
                    new BackendEndpoint(older.websocketUrl(), older.publicUrl(), "old-token")));
            TunnelConfig open = TunnelConfig.create("Shop", "127.0.0.1", 3000, BackendRef.LOCAL_ID, null);

            Statuses guarded = new Statuses();
            service.start(open.withProtection(Protection.of("team", "pw")), guarded);
            TunnelStatus.Failed refused = guarded.failed.get(30, TimeUnit.SECONDS);
            assertThat(older.upgrades.getFirst()).as("the agent did ask for the password")
                    .containsKey(Handshake.ACCESS_HEADER.toLowerCase(java.util.Locale.ROOT));
            assertThat(refused.reason()).isEqualTo(FailureReason.PROTOCOL_REFUSED);
            assertThat(guarded.seen).noneMatch(s -> s instanceof TunnelStatus.Online);
            assertThat(StatusWords.headline(refused, java.time.Instant.now())).startsWith("Failed: ");
            assertThat(StatusWords.detail(refused)).startsWith("This backend").contains("password")
                    .contains("Next step: on the Backends page, update the backend");

            Statuses catching = new Statuses();
            service.start(open.withCatchWhileOffline(true), catching);
            TunnelStatus.Failed notKept = catching.failed.get(30, TimeUnit.SECONDS);
            assertThat(notKept.reason()).isEqualTo(FailureReason.PROTOCOL_REFUSED);
            assertThat(StatusWords.detail(notKept)).contains("keep requests").contains("Next step:");

            Statuses plain = new Statuses();
            service.start(open, plain);
            assertThat(plain.online.get(30, TimeUnit.SECONDS).publicUrl().toString()).startsWith(older.publicUrl().toString());
            service.closeAll();
        }
    }

    @TempDir
    Path dir;

    @Test
    void a_restart_keeps_its_tunnel_id_while_the_backend_still_counts_the_old_connection() throws Exception {
        try (EchoServer server = new EchoServer();
             EmbeddedLocalBackend local = new EmbeddedLocalBackend(dir, new SettingsStore(dir), false)) {
            AgentTunnelService service = new AgentTunnelService(id -> local.ensureStarted());
            TunnelConfig config = TunnelConfig.create("Shop", "127.0.0.1", server.port(), BackendRef.LOCAL_ID, "restart-keeps-id");
            Statuses first = new Statuses();
            TunnelService.Running running = service.start(config, first);
            assertThat(first.online.get(60, TimeUnit.SECONDS).tunnelId()).isEqualTo("restart-keeps-id");

            // as an edit does: stop, and start again at once with the new settings
            running.stop();
            Statuses second = new Statuses();
            service.start(config.withProtection(Protection.of("team", "pw")), second);
            assertThat(second.online.get(20, TimeUnit.SECONDS).tunnelId()).isEqualTo("restart-keeps-id");
            assertThat(second.seen).noneMatch(s -> s instanceof TunnelStatus.Failed);
            service.closeAll();
        }
    }

    /** Records every status; completes when the tunnel is online (fails the future if it failed instead). */
    static final class Statuses implements TunnelService.Listener {
        final List<TunnelStatus> seen = new CopyOnWriteArrayList<>();
        final CompletableFuture<TunnelStatus.Online> online = new CompletableFuture<>();
        final CompletableFuture<TunnelStatus.Failed> failed = new CompletableFuture<>();

        @Override
        public void status(TunnelStatus status) {
            seen.add(status);
            if (status instanceof TunnelStatus.Online o) {
                online.complete(o);
            } else if (status instanceof TunnelStatus.Failed f) {
                failed.complete(f);
                online.completeExceptionally(new AssertionError("failed: " + f));
            }
        }

        @Override
        public void exchange(Exchange exchange) {
        }
    }
}
