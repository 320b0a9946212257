package dev.porthole.desktop.tunnel;

import dev.porthole.desktop.testing.EchoServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The check that a protected tunnel's URL turns anonymous callers away (the real backend's 401 is in the UI tests). */
class ProtectionCheckTest {

    @Test
    void only_the_backends_own_401_counts_as_protected() {
        assertThat(ProtectionCheck.problem(401, Optional.of("authentication-required"))).isEmpty();
        assertThat(ProtectionCheck.problem(401, Optional.empty())).as("the local server's own 401 proves nothing").isPresent();
        assertThat(ProtectionCheck.problem(404, Optional.of("tunnel-not-found"))).isPresent();
    }

    @Test
    void a_backend_that_forwards_an_anonymous_caller_is_caught_with_the_next_step() throws Exception {
        try (EchoServer unguarded = new EchoServer(); ProtectionCheck check = new ProtectionCheck()) {
            Optional<String> problem = check.verify(URI.create("http://127.0.0.1:" + unguarded.port() + "/abc/"))
                    .get(15, TimeUnit.SECONDS);
            assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains("answered 200")
                    .contains("Next step: update the backend on the Backends page"));
            assertThat(unguarded.take().target()).isEqualTo("/abc/");
        }
    }

    @Test
    void an_unreachable_url_proves_nothing_and_does_not_stop_the_tunnel() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (ProtectionCheck check = new ProtectionCheck()) {
            assertThat(check.verify(URI.create("http://127.0.0.1:" + closed + "/abc/")).get(15, TimeUnit.SECONDS)).isEmpty();
        }
    }
}
