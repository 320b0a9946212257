package dev.porthole.deploy.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class BackendHealthTest {

    @Test
    void answersFromTheHealthEndpoint() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/_porthole/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/broken/", exchange -> {
            exchange.getResponseHeaders().set("X-Porthole-Error", "unsupported-event");
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            BackendHealth healthy = BackendHealth.check(base, Duration.ofSeconds(5));
            assertThat(healthy.healthy()).isTrue();
            assertThat(healthy.status()).isEqualTo(200);

            BackendHealth broken = BackendHealth.check(base.resolve("broken/"), Duration.ofSeconds(5));
            assertThat(broken.healthy()).isFalse();
            assertThat(broken.status()).isEqualTo(500);
            assertThat(broken.message()).contains("answered 500 (unsupported-event)").contains("logs");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableBackendIsSaidSo() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        BackendHealth health = BackendHealth.check(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(2));
        assertThat(health.healthy()).isFalse();
        assertThat(health.status()).isZero();
        assertThat(health.message()).startsWith("Cannot reach http://127.0.0.1:" + port + "/_porthole/health");
    }
}
