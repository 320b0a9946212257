package dev.porthole.local;

import dev.porthole.protocol.BasicAuth;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A tunnel protected with a user name and password: the backend turns callers away before the agent hears of them. */
class ProtectedTunnelTest {
    private final LocalBackend backend = Backends.shared();

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void callersWithoutTheRightPasswordNeverReachTheAgent() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN,
            Map.of(Handshake.ACCESS_HEADER, BasicAuth.accessHeader("team", "open sesame")))) {
            Established tunnel = agent.ready();
            URI url = URI.create(tunnel.publicUrl() + "admin");

            HttpResponse<String> anonymous = Backends.get(url);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
            assertThat(anonymous.headers().firstValue("x-porthole-error")).contains("authentication-required");
            HttpResponse<String> wrong = Backends.HTTP.send(HttpRequest.newBuilder(url).header("Authorization", basic("team:guess")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(agent.pollRequest(Duration.ofMillis(300))).as("nothing reached the agent").isNull();

            CompletableFuture<HttpResponse<String>> allowed = Backends.HTTP.sendAsync(HttpRequest.newBuilder(url)
                .header("Authorization", basic("team:open sesame")).build(), HttpResponse.BodyHandlers.ofString());
            TestAgent.Request request = agent.nextRequest();
            assertThat(request.head().headers().contains("authorization")).as("the password stays with the backend").isFalse();
            agent.respond(request.head().id(), 200, HttpHeaders.of("Content-Type", "text/plain"), "welcome".getBytes(StandardCharsets.UTF_8));
            assertThat(allowed.join().body()).isEqualTo("welcome");
        }
    }

    @Test
    void aMalformedAccessHeaderIsRefusedAtTheHandshake() {
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, Map.of(Handshake.ACCESS_HEADER, "basic plaintext-password")))
            .isEqualTo(400);
    }

    /** Connects with these headers, retrying while the previous connection's $disconnect has not yet freed the ID. */
    private TestAgent connect(Map<String, String> headers) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (true) {
            try {
                TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN, headers);
                agent.ready();
                return agent;
            } catch (java.util.concurrent.CompletionException stillHeld) {
                if (System.currentTimeMillis() > deadline) {
                    throw stillHeld;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void answerEverything(TestAgent agent) {
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    TestAgent.Request r = agent.nextRequest();
                    agent.respond(r.head().id(), 200, HttpHeaders.of("Content-Type", "text/plain"), "in".getBytes(StandardCharsets.UTF_8));
                }
            } catch (Throwable ignored) {
                // the agent closed
            }
        });
    }

    /** An open tunnel restarted with a password: remembered connections must not let anyone through the new lock. */
    @Test
    void aTunnelThatGainsAPasswordIsLockedAtOnceEvenWhereItsOldConnectionWasRemembered() throws Exception {
        String id = "lock-" + Long.toHexString(System.nanoTime());
        URI url = backend.publicUrl().resolve(id + "/");
        TestAgent open = connect(Map.of(Handshake.TUNNEL_ID_HEADER, id));
        answerEverything(open);
        for (int i = 0; i < 4; i++) {
            assertThat(Backends.get(url).statusCode()).isEqualTo(200);
        }
        open.close();
        open.awaitClose();
        try (TestAgent locked = connect(Map.of(Handshake.TUNNEL_ID_HEADER, id, Handshake.ACCESS_HEADER, BasicAuth.accessHeader("team", "new")))) {
            answerEverything(locked);
            for (int i = 0; i < 8; i++) {
                assertThat(Backends.get(url).statusCode()).as("request %d without credentials", i).isEqualTo(401);
            }
        }
    }

    @Test
    void aChangedPasswordWorksAtOnce() throws Exception {
        String id = "repass-" + Long.toHexString(System.nanoTime());
        URI url = backend.publicUrl().resolve(id + "/");
        TestAgent first = connect(Map.of(Handshake.TUNNEL_ID_HEADER, id, Handshake.ACCESS_HEADER, BasicAuth.accessHeader("team", "old")));
        answerEverything(first);
        assertThat(Backends.HTTP.send(HttpRequest.newBuilder(url).header("Authorization", basic("team:old")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        first.close();
        first.awaitClose();
        try (TestAgent second = connect(Map.of(Handshake.TUNNEL_ID_HEADER, id, Handshake.ACCESS_HEADER, BasicAuth.accessHeader("team", "new")))) {
            answerEverything(second);
            assertThat(Backends.HTTP.send(HttpRequest.newBuilder(url).header("Authorization", basic("team:new")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(Backends.HTTP.send(HttpRequest.newBuilder(url).header("Authorization", basic("team:old")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
    }
}
