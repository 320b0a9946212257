package dev.porthole.desktop.tunnel;

import dev.porthole.desktop.backend.BackendRef;
import dev.porthole.desktop.testing.ManualUiExecutor;
import dev.porthole.protocol.BasicAuth;
import javafx.collections.FXCollections;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TunnelEditorViewModelTest {
    final ManualUiExecutor ui = new ManualUiExecutor();
    final AtomicReference<TunnelConfig> saved = new AtomicReference<>();

    TunnelEditorViewModel editor() {
        return editing(null);
    }

    TunnelEditorViewModel editing(TunnelConfig original) {
        return new TunnelEditorViewModel(original, FXCollections.observableArrayList(BackendRef.LOCAL),
                PortProbe.tcp(Runnable::run), ui, java.util.List::of, rules(original), saved::set);
    }

    static dev.porthole.desktop.rules.RulesViewModel rules(TunnelConfig original) {
        return new dev.porthole.desktop.rules.RulesViewModel(original == null ? dev.porthole.desktop.rules.TunnelRules.NONE : original.rules(),
                false, java.util.List.of(), null, java.time.Clock.systemUTC(), name -> null);
    }

    static TunnelConfig protectedTunnel(String user, String password) {
        return TunnelConfig.create("Shop", "localhost", 3000, BackendRef.LOCAL_ID, null).withProtection(Protection.of(user, password));
    }

    @Test
    void protecting_a_new_tunnel_needs_a_user_without_a_colon_and_a_password_and_keeps_only_their_digest() {
        TunnelEditorViewModel e = editor();
        e.portProperty().set("3000");
        assertThat(e.validBinding().get()).isTrue();
        e.protectProperty().set(true);
        assertThat(e.keepsSavedPasswordProperty().get()).as("nothing saved to keep").isFalse();
        assertThat(e.accessUserErrorProperty().get()).isEqualTo("Enter the user name callers log in with.");
        assertThat(e.passwordErrorProperty().get()).isEqualTo("Enter the password callers log in with.");
        assertThat(e.validBinding().get()).isFalse();
        assertThat(e.save()).isFalse();

        e.accessUserProperty().set("shop:team");
        assertThat(e.accessUserErrorProperty().get()).contains("cannot contain “:”");
        e.accessUserProperty().set("  team ");
        assertThat(e.accessUserErrorProperty().get()).isEmpty();
        e.passwordProperty().set("open sesame");
        assertThat(e.passwordErrorProperty().get()).isEmpty();
        assertThat(e.validBinding().get()).isTrue();
        assertThat(e.save()).isTrue();

        assertThat(saved.get().protection().user()).isEqualTo("team");
        String digest = BasicAuth.digestOf(saved.get().protection().accessHeader()).orElseThrow();
        assertThat(BasicAuth.authorizes(digest, java.util.Optional.of("Basic "
                + java.util.Base64.getEncoder().encodeToString("team:open sesame".getBytes(java.nio.charset.StandardCharsets.UTF_8)))))
                .as("the digest is of the user and password typed").isTrue();
        assertThat(saved.get().protection().accessHeader()).doesNotContain("open sesame");
        assertThat(e.passwordProperty().get()).as("the password does not outlive the form").isEmpty();
    }

    @Test
    void an_open_tunnel_stays_open_and_unticking_protection_forgets_what_was_typed() {
        TunnelEditorViewModel e = editor();
        e.portProperty().set("3000");
        e.protectProperty().set(true);
        e.accessUserProperty().set("team");
        e.passwordProperty().set("secret");
        e.protectProperty().set(false);
        assertThat(e.passwordProperty().get()).isEmpty();
        assertThat(e.validBinding().get()).isTrue();
        assertThat(e.save()).isTrue();
        assertThat(saved.get().protection()).isNull();
        assertThat(saved.get().isProtected()).isFalse();
    }

    @Test
    void editing_a_protected_tunnel_keeps_its_password_until_the_person_changes_it() {
        TunnelConfig original = protectedTunnel("team", "first password");
        TunnelEditorViewModel e = editing(original);
        assertThat(e.protectProperty().get()).isTrue();
        assertThat(e.keepsSavedPasswordProperty().get()).as("shows “protected as team”").isTrue();
        assertThat(e.accessUserProperty().get()).isEqualTo("team");
        assertThat(e.passwordProperty().get()).isEmpty();
        assertThat(e.validBinding().get()).as("no password to retype").isTrue();
        e.nameProperty().set("Shop hooks");
        assertThat(e.save()).isTrue();
        assertThat(saved.get().protection()).isEqualTo(original.protection());
        assertThat(saved.get().name()).isEqualTo("Shop hooks");

        e = editing(original);
        e.changePassword();
        assertThat(e.keepsSavedPasswordProperty().get()).isFalse();
        assertThat(e.validBinding().get()).isFalse();
        e.accessUserProperty().set("partners");
        e.passwordProperty().set("second password");
        assertThat(e.save()).isTrue();
        ProtectionAssert.assertProtects(saved.get().protection(), "partners", "second password");

        e = editing(original);
        e.changePassword();
        e.accessUserProperty().set("someone");
        e.keepSavedPassword();
        assertThat(e.accessUserProperty().get()).isEqualTo("team");
        assertThat(e.validBinding().get()).isTrue();
        assertThat(e.save()).isTrue();
        assertThat(saved.get().protection()).isEqualTo(original.protection());
    }

    @Test
    void removing_protection_opens_the_url_and_ticking_it_again_brings_the_saved_password_back() {
        TunnelConfig original = protectedTunnel("team", "pw");
        TunnelEditorViewModel e = editing(original);
        e.removeProtection();
        assertThat(e.protectProperty().get()).isFalse();
        e.protectProperty().set(true);
        assertThat(e.keepsSavedPasswordProperty().get()).isTrue();
        assertThat(e.validBinding().get()).isTrue();
        e.removeProtection();
        assertThat(e.save()).isTrue();
        assertThat(saved.get().protection()).isNull();
    }

    @Test
    void a_damaged_saved_password_must_be_entered_again() {
        TunnelConfig broken = TunnelConfig.create("Shop", "localhost", 3000, BackendRef.LOCAL_ID, null)
                .withProtection(new Protection("team", "basic not-a-digest"));
        TunnelEditorViewModel e = editing(broken);
        assertThat(e.protectProperty().get()).isTrue();
        assertThat(e.keepsSavedPasswordProperty().get()).isFalse();
        assertThat(e.passwordErrorProperty().get()).contains("could not be read back");
        assertThat(e.save()).isFalse();
        e.passwordProperty().set("again");
        assertThat(e.save()).isTrue();
        ProtectionAssert.assertProtects(saved.get().protection(), "team", "again");
    }

    @Test
    void catching_while_offline_is_saved_and_shown_again_when_editing() {
        TunnelEditorViewModel e = editor();
        e.portProperty().set("3000");
        assertThat(e.catchWhileOfflineProperty().get()).as("off unless asked for").isFalse();
        e.catchWhileOfflineProperty().set(true);
        assertThat(e.save()).isTrue();
        assertThat(saved.get().catchWhileOffline()).isTrue();
        assertThat(saved.get().keepPublicHost()).as("one switch does not flip the other").isFalse();
        TunnelEditorViewModel again = editing(saved.get());
        assertThat(again.catchWhileOfflineProperty().get()).isTrue();
        again.catchWhileOfflineProperty().set(false);
        assertThat(again.save()).isTrue();
        assertThat(saved.get().catchWhileOffline()).isFalse();
    }

    @Test
    void keeping_the_public_host_is_saved_and_shown_again_when_editing() {
        TunnelEditorViewModel e = editor();
        e.portProperty().set("3000");
        assertThat(e.keepPublicHostProperty().get()).isFalse();
        e.keepPublicHostProperty().set(true);
        assertThat(e.save()).isTrue();
        assertThat(saved.get().keepPublicHost()).isTrue();
        TunnelEditorViewModel again = editing(saved.get());
        assertThat(again.keepPublicHostProperty().get()).isTrue();
        again.keepPublicHostProperty().set(false);
        assertThat(again.save()).isTrue();
        assertThat(saved.get().keepPublicHost()).isFalse();
    }

    @Test
    void the_port_must_be_a_number_from_1_to_65535() {
        TunnelEditorViewModel e = editor();
        assertThat(e.portErrorProperty().get()).as("no error before the person typed anything").isEmpty();
        assertThat(e.validBinding().get()).as("but nothing to save either").isFalse();
        assertThat(e.save()).isFalse();
        e.portProperty().set("3");
        e.portProperty().set("");
        assertThat(e.portErrorProperty().get()).as("emptied after typing: now say what is missing").contains("Enter the local port");
        assertThat(e.validBinding().get()).isFalse();
        e.portProperty().set("abc");
        assertThat(e.portErrorProperty().get()).isEqualTo("A port is a number from 1 to 65535.");
        e.portProperty().set("70000");
        assertThat(e.portErrorProperty().get()).isEqualTo("A port is a number from 1 to 65535.");
        e.portProperty().set("0");
        assertThat(e.validBinding().get()).isFalse();
        e.portProperty().set(" 8080 ");
        assertThat(e.portErrorProperty().get()).isEmpty();
        assertThat(e.validBinding().get()).isTrue();
        assertThat(e.save()).isTrue();
        assertThat(saved.get().localPort()).isEqualTo(8080);
        assertThat(saved.get().name()).isEqualTo("Port 8080");
    }

    @Test
    void warns_when_nothing_listens_on_the_port_and_not_when_something_does() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free;
            try (ServerSocket s = new ServerSocket(0)) {
                free = s.getLocalPort();
            }
            TunnelEditorViewModel e = editor();
            e.hostProperty().set("127.0.0.1");
            e.portProperty().set(Integer.toString(free));
            assertThat(e.portWarningProperty().get()).contains("Nothing is listening on 127.0.0.1:" + free);
            assertThat(e.validBinding().get()).isTrue();
            e.portProperty().set(Integer.toString(listening.getLocalPort()));
            assertThat(e.portWarningProperty().get()).isEmpty();
        }
    }

    @Test
    void a_warning_for_a_port_typed_before_does_not_show_for_the_one_typed_now() {
        java.util.Map<Integer, java.util.concurrent.CompletableFuture<Boolean>> probes = new java.util.concurrent.ConcurrentHashMap<>();
        TunnelEditorViewModel e = new TunnelEditorViewModel(null, FXCollections.observableArrayList(BackendRef.LOCAL),
                (host, port) -> probes.computeIfAbsent(port, p -> new java.util.concurrent.CompletableFuture<>()), ui,
                java.util.List::of, rules(null), saved::set);
        e.portProperty().set("9999");
        e.portProperty().set("99999");
        probes.get(9999).complete(false); // the answer for 9999 comes after the person typed another 9
        ui.runPending();

        assertThat(e.portWarningProperty().get()).isEmpty();
        assertThat(e.portErrorProperty().get()).isEqualTo("A port is a number from 1 to 65535.");
    }

    @Test
    void a_reserved_tunnel_id_another_of_the_persons_tunnels_uses_is_refused() {
        TunnelConfig shop = TunnelConfig.create("Shop API", "localhost", 3000, BackendRef.LOCAL_ID, "shop-api");
        TunnelConfig hooks = TunnelConfig.create("Hooks", "localhost", 4000, BackendRef.LOCAL_ID, null).withLastTunnelId("k3y9x2");
        TunnelEditorViewModel e = new TunnelEditorViewModel(null, FXCollections.observableArrayList(BackendRef.LOCAL),
                PortProbe.tcp(Runnable::run), ui, () -> java.util.List.of(shop, hooks), rules(null), saved::set);
        e.portProperty().set("5000");
        e.reservedIdProperty().set("shop-api");
        assertThat(e.reservedIdErrorProperty().get()).contains("“Shop API” already uses this ID");
        assertThat(e.save()).isFalse();
        e.reservedIdProperty().set("k3y9x2");
        assertThat(e.reservedIdErrorProperty().get()).contains("“Hooks” already uses this ID");
        e.reservedIdProperty().set("shop-web");
        assertThat(e.reservedIdErrorProperty().get()).isEmpty();
        assertThat(e.save()).isTrue();

        // editing a tunnel does not count its own ID against it
        TunnelEditorViewModel edit = new TunnelEditorViewModel(shop, FXCollections.observableArrayList(BackendRef.LOCAL),
                PortProbe.tcp(Runnable::run), ui, () -> java.util.List.of(shop, hooks), rules(shop), saved::set);
        assertThat(edit.reservedIdErrorProperty().get()).isEmpty();
    }

    @Test
    void a_reserved_tunnel_id_follows_the_backend_rules() {
        TunnelEditorViewModel e = editor();
        e.portProperty().set("3000");
        e.reservedIdProperty().set("My-Hooks");
        assertThat(e.reservedIdErrorProperty().get()).contains("lowercase");
        e.reservedIdProperty().set("ab");
        assertThat(e.reservedIdErrorProperty().get()).contains("3 to 40");
        e.reservedIdProperty().set("-hooks");
        assertThat(e.reservedIdErrorProperty().get()).contains("dashes");
        assertThat(e.save()).isFalse();
        e.reservedIdProperty().set("shop-hooks");
        assertThat(e.reservedIdErrorProperty().get()).isEmpty();
        assertThat(e.save()).isTrue();
        assertThat(saved.get().requestedTunnelId()).isEqualTo("shop-hooks");
    }

    @Test
    void the_host_must_look_like_a_host() {
        TunnelEditorViewModel e = editor();
        e.portProperty().set("3000");
        e.hostProperty().set("local host");
        assertThat(e.hostErrorProperty().get()).isNotEmpty();
        e.hostProperty().set("");
        assertThat(e.hostErrorProperty().get()).contains("usually localhost");
        e.hostProperty().set("192.168.1.10");
        assertThat(e.hostErrorProperty().get()).isEmpty();
        e.hostProperty().set("::1");
        assertThat(e.hostErrorProperty().get()).isEmpty();
    }

    @Test
    void the_rules_are_saved_with_the_tunnel_and_a_half_filled_rule_holds_the_save() {
        TunnelEditorViewModel e = editor();
        e.portProperty().set("3000");
        e.rules().add(dev.porthole.desktop.rules.RuleKind.DENY);
        assertThat(e.validBinding().get()).as("a deny rule for every request is a valid rule").isTrue();
        e.rules().cancel();
        e.rules().add(dev.porthole.desktop.rules.RuleKind.IP_RANGES);
        assertThat(e.validBinding().get()).isFalse();
        assertThat(e.save()).isFalse();
        e.rules().formProperty().get().denyProperty().set("198.51.100.0/24");
        assertThat(e.validBinding().get()).isTrue();
        assertThat(e.rules().apply()).isTrue();
        assertThat(e.validBinding().get()).isTrue();
        e.rules().add(dev.porthole.desktop.rules.RuleKind.RATE_LIMIT);
        assertThat(e.save()).as("a filled rule form is added on save").isTrue();
        assertThat(saved.get().rules().policy().rules()).extracting(dev.porthole.policy.Rule::kind)
                .containsExactly("restrict-ips", "rate-limit");
    }
}
