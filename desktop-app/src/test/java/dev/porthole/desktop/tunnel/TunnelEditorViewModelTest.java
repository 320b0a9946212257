package dev.porthole.desktop.tunnel;

import dev.porthole.desktop.backend.BackendRef;
import dev.porthole.desktop.testing.ManualUiExecutor;
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
        return new TunnelEditorViewModel(null, FXCollections.observableArrayList(BackendRef.LOCAL),
                PortProbe.tcp(Runnable::run), ui, saved::set);
    }

    @Test
    void the_port_must_be_a_number_from_1_to_65535() {
        TunnelEditorViewModel e = editor();
        assertThat(e.portErrorProperty().get()).contains("Enter the local port");
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
}
