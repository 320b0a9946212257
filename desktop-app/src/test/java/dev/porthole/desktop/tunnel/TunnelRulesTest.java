package dev.porthole.desktop.tunnel;

import dev.porthole.agent.AgentOptions;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.backend.BackendEndpoint;
import dev.porthole.desktop.backend.BackendRef;
import dev.porthole.desktop.rules.TunnelRules;
import dev.porthole.policy.RateLimit;
import dev.porthole.policy.RequestMatch;
import dev.porthole.policy.Secret;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.VerifyWebhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** A tunnel's rules in tunnels.json, and on their way to the agent. */
class TunnelRulesTest {
    static final String SECRET = "whsec_0123456789abcdefXYZ9";
    static final TrafficPolicy POLICY = TrafficPolicy.of(
            VerifyWebhook.github(Secret.of(SECRET)).matching(RequestMatch.of(List.of("POST"), "/hooks/github")),
            RateLimit.perCallerIp(30, RateLimit.Window.MINUTE));

    @Test
    void rules_come_back_after_a_restart_from_an_owner_only_file_that_holds_the_secret_the_agent_needs(@TempDir Path dir) throws Exception {
        TunnelConfig shop = TunnelConfig.create("Shop", "localhost", 3000, BackendRef.LOCAL_ID, null)
                .withRules(TunnelRules.of(POLICY));
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler handler = capture(logged);
        try {
            new TunnelStore(dir).save(List.of(shop));
            List<TunnelConfig> loaded = new TunnelStore(dir).load();
            assertThat(loaded).containsExactly(shop);
            assertThat(loaded.getFirst().rules().policy()).isEqualTo(POLICY);
        } finally {
            Logger.getLogger("").removeHandler(handler);
        }
        Path file = dir.resolve("tunnels.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).contains("\"secret\" : \"" + SECRET + "\"");
        assertThat(shop.toString()).as("a config printed shows no secret").doesNotContain(SECRET).contains("…XYZ9");
        assertThat(shop.rules().badgeText()).as("the row's tooltip").isEqualTo("2 traffic rules, run by the backend in order "
                + "before anything reaches this computer:\n1. Webhook signature (POST /hooks/github): GitHub signature in "
                + "X-Hub-Signature-256, secret …XYZ9\n2. Rate limit: 30 requests per minute per caller IP");
        assertThat(String.join("\n", logged)).doesNotContain(SECRET);
    }

    @Test
    void a_file_from_before_rules_reads_as_no_rules(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tunnels.json"), """
                {"version": 1, "tunnels": [{"key": "k1", "name": "Old", "localHost": "localhost", "localPort": 3000,
                  "backendId": "local", "autoStart": false, "keepPublicHost": false, "catchWhileOffline": false}]}
                """);
        TunnelConfig old = new TunnelStore(dir).load().getFirst();
        assertThat(old.rules()).isEqualTo(TunnelRules.NONE);
        assertThat(AgentTunnelService.options(old, URI.create("ws://127.0.0.1:9/ws"), "t").policy()).isEqualTo(TrafficPolicy.NONE);
    }

    @Test
    void rules_that_no_longer_read_are_kept_as_they_were_and_the_tunnel_does_not_start_without_them(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tunnels.json"), """
                {"version": 1, "tunnels": [{"key": "k1", "name": "Shop", "localHost": "localhost", "localPort": 3000,
                  "backendId": "local", "rules": {"version": 1, "rules": [{"kind": "rate-limit", "limit": 0, "per": "minute"}]}}]}
                """);
        TunnelStore store = new TunnelStore(dir);
        TunnelConfig shop = store.load().getFirst();
        assertThat(store.problem()).as("the other tunnels and settings of the file still load").isNull();
        assertThat(shop.rules().intact()).isFalse();
        assertThat(shop.rules().isEmpty()).as("the row still shows a badge").isFalse();
        assertThat(shop.rules().badgeText()).startsWith("The saved traffic rules could not be read (")
                .endsWith("so this tunnel does not start. Edit it to set its rules again.");
        assertThat(shop.rules().problem().orElseThrow()).contains("limit must be from 1");
        store.save(List.of(shop.withAutoStart(true)));
        assertThat(Files.readString(dir.resolve("tunnels.json"))).as("saving again loses nothing").contains("\"limit\" : 0");

        AgentTunnelService service = new AgentTunnelService(id -> CompletableFuture.completedFuture(
                new BackendEndpoint(URI.create("ws://127.0.0.1:9/ws"), URI.create("http://127.0.0.1:9/"), "token")));
        CompletableFuture<TunnelStatus> first = new CompletableFuture<>();
        service.start(shop, new TunnelService.Listener() {
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
        assertThat(StatusWords.detail(status)).contains("could not be read").contains("not started without them")
                .contains("Next step: edit the tunnel and set its rules again");
        service.closeAll();
    }

    @Test
    void starting_a_tunnel_hands_its_rules_to_the_agent_whose_description_keeps_the_secret_out() {
        TunnelConfig shop = TunnelConfig.create("Shop", "localhost", 3000, BackendRef.LOCAL_ID, null).withRules(TunnelRules.of(POLICY));
        AgentOptions options = AgentTunnelService.options(shop, URI.create("ws://127.0.0.1:9/ws"), "token");
        assertThat(options.policy()).isEqualTo(POLICY);
        assertThat(((VerifyWebhook) options.policy().rules().getFirst()).secret().reveal()).isEqualTo(SECRET);
        assertThat(options.toString()).doesNotContain(SECRET);
    }

    private static Handler capture(List<String> into) {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                into.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(handler);
        return handler;
    }
}
