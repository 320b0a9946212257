package dev.porthole.desktop.tunnel;

import dev.porthole.agent.FailureReason;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.desktop.backend.BackendRef;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.desktop.testing.ManualUiExecutor;
import dev.porthole.desktop.testing.RecordingDesktop;
import dev.porthole.desktop.testing.ScriptedTunnelService;
import javafx.collections.FXCollections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class TunnelListViewModelTest {
    @TempDir
    Path dir;
    final ManualUiExecutor ui = new ManualUiExecutor();
    final ScriptedTunnelService service = new ScriptedTunnelService();
    final List<LogEntry> logged = new CopyOnWriteArrayList<>();
    final RecordingDesktop desktop = new RecordingDesktop();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    final PortProbe nothingListens = (host, port) -> CompletableFuture.completedFuture(false);

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    TunnelListViewModel model() {
        return new TunnelListViewModel(new TunnelStore(dir), service, logged::add, ui, desktop, nothingListens, clock,
                FXCollections.observableArrayList(BackendRef.LOCAL),
                dev.porthole.desktop.rules.CapturedRequests.NONE, name -> null);
    }

    /** Adds a stopped tunnel, so each test starts it when it means to. */
    TunnelItemViewModel add(TunnelListViewModel model, String name, int port) {
        TunnelEditorViewModel editor = model.newTunnel();
        editor.nameProperty().set(name);
        editor.portProperty().set(Integer.toString(port));
        editor.startNowProperty().set(false);
        assertThat(editor.save()).isTrue();
        return model.tunnels().getLast();
    }

    @Test
    void a_new_tunnel_starts_as_it_is_created_and_again_at_the_next_start_of_the_app() {
        TunnelListViewModel model = model();
        TunnelEditorViewModel editor = model.newTunnel();
        editor.portProperty().set("3000");
        assertThat(editor.startNowProperty().get()).as("on unless the person says otherwise").isTrue();
        assertThat(editor.save()).isTrue();
        TunnelItemViewModel item = model.tunnels().getLast();
        assertThat(service.running(item.config().key())).isTrue();
        assertThat(item.lightProperty().get()).isEqualTo(StatusWords.Light.STARTING);
        assertThat(model().configs().getLast().autoStart()).as("remembered as running").isTrue();

        TunnelItemViewModel later = add(model, "later", 4000);
        assertThat(service.running(later.config().key())).isFalse();
        assertThat(later.config().autoStart()).isFalse();

        // editing never starts a stopped tunnel
        TunnelEditorViewModel edit = model.edit(later);
        edit.nameProperty().set("still later");
        assertThat(edit.save()).isTrue();
        assertThat(service.running(later.config().key())).isFalse();
    }

    @Test
    void an_online_tunnel_whose_local_port_nobody_listens_on_says_so_and_stops_saying_it_once_someone_does() {
        java.util.concurrent.atomic.AtomicBoolean listening = new java.util.concurrent.atomic.AtomicBoolean(false);
        TunnelListViewModel model = new TunnelListViewModel(new TunnelStore(dir), service, logged::add, ui, desktop,
                (host, port) -> CompletableFuture.completedFuture(listening.get()), clock,
                FXCollections.observableArrayList(BackendRef.LOCAL),
                dev.porthole.desktop.rules.CapturedRequests.NONE, name -> null);
        TunnelItemViewModel item = add(model, "api", 9999);
        item.start();
        service.status(item.config().key(), new TunnelStatus.Online(URI.create("https://x.example/abc/"), "abc"));
        ui.runPending();

        assertThat(item.lightProperty().get()).isEqualTo(StatusWords.Light.ONLINE);
        assertThat(item.localWarningProperty().get()).isEqualTo("Nothing is listening on localhost:9999: callers get a 502. "
                + "Start your server there.");

        listening.set(true);
        for (int i = 0; i < TunnelItemViewModel.LOCAL_CHECK_EVERY; i++) {
            ui.tick();
        }
        assertThat(item.localWarningProperty().get()).isEmpty();

        // a request the agent answered with "refused" says so at once, without waiting for the next check
        service.exchange(item.config().key(), new dev.porthole.agent.capture.Exchange("r1", "abc",
                new dev.porthole.agent.capture.CapturedRequest("GET", "/", dev.porthole.protocol.HttpHeaders.EMPTY,
                        dev.porthole.agent.capture.CapturedBody.EMPTY),
                new dev.porthole.agent.capture.CapturedResponse(502, dev.porthole.protocol.HttpHeaders.of("X-Porthole-Error",
                        "local-refused"), dev.porthole.agent.capture.CapturedBody.EMPTY),
                Exchanges.exchange("GET", "/", 200, "").timings(), "refused", null));
        ui.runPending();
        assertThat(item.localWarningProperty().get()).startsWith("Nothing is listening");

        item.stop();
        assertThat(item.localWarningProperty().get()).as("a stopped tunnel forwards nothing").isEmpty();
    }

    @Test
    void the_request_counters_go_on_from_the_history_after_a_restart() {
        TunnelListViewModel model = model();
        TunnelItemViewModel api = add(model, "api", 3000);
        TunnelItemViewModel hooks = add(model, "hooks", 4000);
        LogEntry a = Exchanges.entry(api.config().key(), Exchanges.exchange("GET", "/1", 200, "{}"));
        LogEntry b = Exchanges.entry(api.config().key(), Exchanges.exchange("GET", "/2", 200, "{}"));
        LogEntry replay = new LogEntry(a.id() + 100, api.config().key(), "api", null, a.exchange(), a.id());
        LogEntry c = Exchanges.entry(hooks.config().key(), Exchanges.exchange("POST", "/h", 200, "{}"));
        clock.now = b.time().plusSeconds(120);

        model.restoreCounts(List.of(a, b, replay, c));

        assertThat(api.requestCountProperty().get()).isEqualTo(2);
        assertThat(hooks.requestCountProperty().get()).isEqualTo(1);
        assertThat(api.lastActivityProperty().get()).isEqualTo("2 min ago");
    }

    @Test
    void a_tunnel_refused_its_id_because_another_of_the_persons_tunnels_runs_with_it_names_that_tunnel() {
        TunnelConfig first = TunnelConfig.create("Shop", "localhost", 3000, BackendRef.LOCAL_ID, "shop-api");
        TunnelConfig second = TunnelConfig.create("Shop copy", "localhost", 3001, BackendRef.LOCAL_ID, "shop-api");
        new TunnelStore(dir).save(List.of(first, second));
        TunnelListViewModel model = model();
        model.tunnels().forEach(TunnelItemViewModel::start);
        service.status(first.key(), new TunnelStatus.Online(URI.create("https://x.example/shop-api/"), "shop-api"));
        service.status(second.key(), new TunnelStatus.Failed(FailureReason.TUNNEL_ID_TAKEN, "tunnel ID shop-api is in use"));
        ui.runPending();

        TunnelItemViewModel copy = model.tunnels().getLast();
        assertThat(copy.headlineProperty().get()).isEqualTo("Failed: ID used by “Shop”");
        assertThat(copy.detailProperty().get()).contains("Your tunnel “Shop”").doesNotContain("other agent");
    }

    @Test
    void a_deleted_tunnel_comes_back_with_undo_where_it_was_and_running_again() {
        TunnelListViewModel model = model();
        TunnelItemViewModel api = add(model, "api", 3000);
        TunnelItemViewModel hooks = add(model, "hooks", 4000);
        add(model, "web", 5000);
        hooks.start();
        String key = hooks.config().key();

        model.remove(hooks);
        assertThat(model.tunnels()).extracting(t -> t.config().name()).containsExactly("api", "web");
        assertThat(service.running(key)).as("deleting stops it").isFalse();
        assertThat(model().configs()).as("and it is gone from disk").extracting(TunnelConfig::name).containsExactly("api", "web");

        assertThat(model.undoRemove()).isTrue();
        assertThat(model.tunnels()).extracting(t -> t.config().name()).containsExactly("api", "hooks", "web");
        assertThat(service.running(key)).as("it ran, so it runs again").isTrue();
        assertThat(model().configs()).extracting(TunnelConfig::name).containsExactly("api", "hooks", "web");
        assertThat(model.undoRemove()).as("one undo per deletion").isFalse();

        model.remove(api);
        assertThat(model.undoRemove()).isTrue();
        assertThat(service.running(api.config().key())).as("a stopped one stays stopped").isFalse();
    }

    @Test
    void tunnels_are_saved_and_come_back_at_the_next_start() {
        TunnelListViewModel first = model();
        add(first, "api", 3000);
        add(first, "hooks", 4000);
        TunnelListViewModel second = model();
        assertThat(second.configs()).extracting(TunnelConfig::name, TunnelConfig::localPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("api", 3000), org.assertj.core.groups.Tuple.tuple("hooks", 4000));
        assertThat(second.configs().getFirst().backendId()).isEqualTo(BackendRef.LOCAL_ID);
    }

    @Test
    void start_shows_the_public_url_counts_requests_and_logs_them() {
        TunnelListViewModel model = model();
        TunnelItemViewModel item = add(model, "api", 3000);
        item.start();
        assertThat(item.lightProperty().get()).isEqualTo(StatusWords.Light.STARTING);
        String key = item.config().key();
        service.status(key, new TunnelStatus.Online(URI.create("https://x.example/abc/"), "abc"));
        ui.runPending();
        assertThat(item.lightProperty().get()).isEqualTo(StatusWords.Light.ONLINE);
        assertThat(item.publicUrlProperty().get()).hasToString("https://x.example/abc/");
        assertThat(model.onlineCountProperty().get()).isEqualTo(1);

        for (int i = 0; i < 3; i++) {
            service.exchange(key, Exchanges.exchange("GET", "/" + i, 200, "{}"));
        }
        assertThat(item.requestCountProperty().get()).isZero();
        clock.now = clock.now.plusSeconds(75);
        ui.tick();
        assertThat(item.requestCountProperty().get()).isEqualTo(3);
        assertThat(item.lastActivityProperty().get()).isEqualTo("1 min ago");
        assertThat(logged).hasSize(3).allSatisfy(e -> {
            assertThat(e.tunnelKey()).isEqualTo(key);
            assertThat(e.publicUrl()).hasToString("https://x.example/abc/");
        });

        item.copyUrl();
        item.openUrl();
        assertThat(desktop.copied).containsExactly("https://x.example/abc/");
        assertThat(desktop.opened).containsExactly(URI.create("https://x.example/abc/"));
    }

    @Test
    void the_tunnel_id_the_backend_gave_is_asked_for_again_next_time() {
        TunnelListViewModel model = model();
        TunnelItemViewModel item = add(model, "api", 3000);
        item.start();
        service.status(item.config().key(), new TunnelStatus.Online(URI.create("https://x.example/k7d2/"), "k7d2"));
        ui.runPending();
        item.stop();

        TunnelItemViewModel again = model().tunnels().getFirst();
        again.start();
        assertThat(service.started.getLast().requestedTunnelId()).isEqualTo("k7d2");
    }

    @Test
    void a_remembered_id_now_taken_is_dropped_for_a_fresh_one_but_a_reserved_one_is_not() {
        TunnelListViewModel model = model();
        TunnelItemViewModel item = add(model, "api", 3000);
        item.start();
        service.status(item.config().key(), new TunnelStatus.Online(URI.create("https://x.example/k7d2/"), "k7d2"));
        ui.runPending();
        item.stop();
        item.start();
        assertThat(service.started.getLast().requestedTunnelId()).isEqualTo("k7d2");
        service.status(item.config().key(), new TunnelStatus.Failed(FailureReason.TUNNEL_ID_TAKEN, "k7d2 is taken"));
        ui.runPending();
        assertThat(service.started.getLast().requestedTunnelId()).isNull();
        assertThat(item.lightProperty().get()).isEqualTo(StatusWords.Light.STARTING);
        assertThat(model().configs().getFirst().lastTunnelId()).isNull();

        TunnelEditorViewModel editor = model.edit(item);
        editor.reservedIdProperty().set("mine");
        editor.save();
        service.status(item.config().key(), new TunnelStatus.Failed(FailureReason.TUNNEL_ID_TAKEN, "mine is taken"));
        ui.runPending();
        assertThat(item.lightProperty().get()).isEqualTo(StatusWords.Light.FAILED);
    }

    @Test
    void tunnels_running_when_the_app_closed_start_again_at_the_next_start() {
        TunnelListViewModel first = model();
        TunnelItemViewModel a = add(first, "a", 3000);
        TunnelItemViewModel b = add(first, "b", 3001);
        add(first, "c", 3002);
        a.start();
        b.start();
        b.stop();
        java.util.List<Object> changes = new java.util.ArrayList<>();
        a.lightProperty().addListener((o, was, now) -> changes.add(now));
        a.headlineProperty().addListener((o, was, now) -> changes.add(now));
        a.runningProperty().addListener((o, was, now) -> changes.add(now));
        first.onlineCountProperty().addListener((o, was, now) -> changes.add(now));
        first.shutdown();
        assertThat(service.stopped).contains(a.config().key());
        assertThat(changes).as("the exit thread leaves what the window binds to alone").isEmpty();

        service.started.clear();
        TunnelListViewModel second = model();
        second.startRemembered();
        assertThat(service.started).extracting(TunnelConfig::name).containsExactly("a");
    }

    @Test
    void reconnecting_is_a_state_with_a_countdown_not_an_error() {
        TunnelListViewModel model = model();
        TunnelItemViewModel item = add(model, "api", 3000);
        item.start();
        service.status(item.config().key(), new TunnelStatus.Reconnecting(2, clock.now.plusSeconds(5),
                FailureReason.BACKEND_UNREACHABLE, "The connection dropped"));
        ui.runPending();
        assertThat(item.lightProperty().get()).isEqualTo(StatusWords.Light.RECONNECTING);
        assertThat(item.headlineProperty().get()).isEqualTo("Reconnecting in 5 s (attempt 2)");
        assertThat(item.detailProperty().get()).contains("keeps trying by itself");
        clock.now = clock.now.plusSeconds(3);
        ui.tick();
        assertThat(item.headlineProperty().get()).isEqualTo("Reconnecting in 2 s (attempt 2)");
        assertThat(item.runningProperty().get()).isTrue();
    }

    @Test
    void a_failure_says_what_to_do_and_lets_the_person_start_again() {
        TunnelListViewModel model = model();
        TunnelItemViewModel item = add(model, "api", 3000);
        item.start();
        service.status(item.config().key(), new TunnelStatus.Failed(FailureReason.TUNNEL_ID_TAKEN, "Tunnel ID api is in use"));
        ui.runPending();
        assertThat(item.lightProperty().get()).isEqualTo(StatusWords.Light.FAILED);
        assertThat(item.headlineProperty().get()).isEqualTo("Failed: ID in use elsewhere");
        assertThat(item.detailProperty().get()).startsWith("Tunnel ID api is in use.").contains("Next step:");
        assertThat(item.runningProperty().get()).isFalse();
        item.start();
        assertThat(service.started).hasSize(2);
    }

    @Test
    void statuses_from_a_stopped_run_are_ignored() {
        TunnelListViewModel model = model();
        TunnelItemViewModel item = add(model, "api", 3000);
        item.start();
        TunnelService.Listener firstRun = service.allListeners.getFirst();
        item.stop();
        item.start();
        // a late Online from the first run must not show on the second
        Thread late = Thread.ofPlatform().start(() -> firstRun.status(new TunnelStatus.Online(URI.create("https://old/"), "old")));
        assertThat(late).isNotNull();
        try {
            late.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        ui.runPending();
        assertThat(item.lightProperty().get()).isEqualTo(StatusWords.Light.STARTING);
        assertThat(item.publicUrlProperty().get()).isNull();
    }

    @Test
    void start_all_and_stop_all_and_remove() {
        TunnelListViewModel model = model();
        TunnelItemViewModel a = add(model, "a", 3000);
        TunnelItemViewModel b = add(model, "b", 3001);
        model.startAll();
        assertThat(service.running(a.config().key())).isTrue();
        assertThat(service.running(b.config().key())).isTrue();
        model.stopAll();
        assertThat(service.stopped).containsExactlyInAnyOrder(a.config().key(), b.config().key());
        model.remove(a);
        assertThat(model().configs()).extracting(TunnelConfig::name).containsExactly("b");
    }

    @Test
    void editing_a_running_tunnel_restarts_it_with_the_new_port() {
        TunnelListViewModel model = model();
        TunnelItemViewModel item = add(model, "api", 3000);
        item.start();
        TunnelEditorViewModel editor = model.edit(item);
        editor.portProperty().set("3001");
        assertThat(editor.save()).isTrue();
        assertThat(service.started).extracting(TunnelConfig::localPort).containsExactly(3000, 3001);
        assertThat(model().configs().getFirst().localPort()).isEqualTo(3001);
    }

    @Test
    void protection_and_host_mode_are_saved_without_the_password_and_a_running_tunnel_restarts_with_them() throws Exception {
        TunnelListViewModel model = model();
        TunnelItemViewModel item = add(model, "shop", 3000);
        item.start();
        TunnelEditorViewModel editor = model.edit(item);
        editor.protectProperty().set(true);
        editor.accessUserProperty().set("team");
        editor.passwordProperty().set("correct horse battery staple");
        editor.keepPublicHostProperty().set(true);
        assertThat(editor.save()).isTrue();

        TunnelConfig restarted = service.started.getLast();
        assertThat(service.started).hasSize(2);
        ProtectionAssert.assertProtects(restarted.protection(), "team", "correct horse battery staple");
        assertThat(restarted.keepPublicHost()).isTrue();
        String file = java.nio.file.Files.readString(dir.resolve("tunnels.json"));
        assertThat(file).contains("\"team\"").contains(restarted.protection().accessHeader())
                .doesNotContain("correct horse battery staple").doesNotContain("\"protected\"");
        TunnelConfig back = model().configs().getFirst();
        assertThat(back.protection()).isEqualTo(restarted.protection());
        assertThat(back.keepPublicHost()).isTrue();
    }

    @Test
    void new_rules_for_a_running_tunnel_restart_it_with_them_and_come_back_with_the_app() {
        TunnelListViewModel model = model();
        TunnelItemViewModel item = add(model, "hooks", 3000);
        item.start();
        TunnelEditorViewModel editor = model.edit(item);
        assertThat(editor.rules().restartsOnSaveBinding().get()).isFalse();
        editor.rules().add(dev.porthole.desktop.rules.RuleKind.RATE_LIMIT);
        editor.rules().formProperty().get().limitProperty().set("30");
        assertThat(editor.rules().apply()).isTrue();
        assertThat(editor.rules().restartsOnSaveBinding().get()).as("the dialog says it reconnects").isTrue();
        assertThat(editor.save()).isTrue();

        assertThat(service.started).hasSize(2);
        assertThat(service.started.getLast().rules().policy().rules())
                .containsExactly(dev.porthole.policy.RateLimit.perTunnel(30, dev.porthole.policy.RateLimit.Window.MINUTE));
        assertThat(model().configs().getFirst().rules()).isEqualTo(service.started.getLast().rules());
    }

    @Test
    void tunnels_saved_before_protection_existed_come_back_open() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("tunnels.json"), """
                {"version":1,"tunnels":[{"key":"k1","name":"old","localHost":"localhost","localPort":3000,
                "backendId":"local","reservedId":null,"lastTunnelId":"abc","autoStart":false}]}
                """);
        TunnelConfig old = model().configs().getFirst();
        assertThat(old.name()).isEqualTo("old");
        assertThat(old.protection()).isNull();
        assertThat(old.keepPublicHost()).isFalse();
    }

    @Test
    void last_activity_reads_like_a_person_would_say_it() {
        assertThat(TunnelItemViewModel.ago(Duration.ofSeconds(2))).isEqualTo("Just now");
        assertThat(TunnelItemViewModel.ago(Duration.ofSeconds(42))).isEqualTo("42 s ago");
        assertThat(TunnelItemViewModel.ago(Duration.ofMinutes(3))).isEqualTo("3 min ago");
        assertThat(TunnelItemViewModel.ago(Duration.ofHours(5))).isEqualTo("5 h ago");
        assertThat(TunnelItemViewModel.ago(Duration.ofDays(2))).isEqualTo("2 d ago");
    }
}
