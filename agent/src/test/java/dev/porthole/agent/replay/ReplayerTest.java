package dev.porthole.agent.replay;

import dev.porthole.agent.AgentOptions.HostHeader;
import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.capture.Timings;
import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one replay engine on its own: a stopped tunnel's local service gets exactly the captured bytes. */
class ReplayerTest {
    final Origin origin;
    Replayer replayer;

    ReplayerTest() throws Exception {
        origin = Origin.start();
        replayer = Replayer.standalone(URI.create("http://127.0.0.1:" + origin.port()), HostHeader.LOCAL,
            Duration.ofSeconds(5), 1024 * 1024, 6L * 1024 * 1024);
    }

    @AfterEach
    void close() {
        replayer.close();
        origin.close();
    }

    static Exchange original(CapturedRequest request) {
        Instant t = Instant.parse("2026-11-21T10:00:00Z");
        return new Exchange("41", "abcdefghijklm", request,
            new CapturedResponse(200, HttpHeaders.EMPTY, CapturedBody.EMPTY), new Timings(t, t, t, t), null, null);
    }

    @Test
    void sends_the_captured_body_bytes_and_header_values_exactly() throws Exception {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        CapturedRequest request = new CapturedRequest("POST", "/hooks?x=1",
            HttpHeaders.of("Host", "public.example", "Content-Type", "text/plain; charset=ISO-8859-1",
                "X-Spaced", "a  b ,c", "Content-Length", "4"),
            CapturedBody.of(latin1, Integer.MAX_VALUE), "/abcdefghijklm");

        Exchange replay = replayer.replay(original(request), request, URI.create("https://public.example/abcdefghijklm/"));

        Origin.Received seen = origin.take();
        assertThat(seen.body()).as("the bytes captured, not re-encoded").containsExactly(latin1);
        assertThat(seen.headers().all("content-length")).containsExactly("4");
        assertThat(seen.headers().all("x-spaced")).containsExactly("a  b ,c");
        assertThat(seen.headers().all("content-type")).containsExactly("text/plain; charset=ISO-8859-1");
        assertThat(seen.headers().all("x-forwarded-host")).containsExactly("public.example");
        assertThat(seen.rawTarget()).isEqualTo("/hooks?x=1");
        assertThat(replay.replayOf()).isEqualTo("41");
        assertThat(replay.request().headers()).isEqualTo(request.headers());
        assertThat(replay.request().body().bytes()).containsExactly(latin1);
    }

    @Test
    void an_edited_body_is_sent_and_recorded_with_its_real_length() throws Exception {
        CapturedRequest typed = new CapturedRequest("PUT", "/orders/7",
            HttpHeaders.of("Content-Type", "application/json", "Content-Length", "52", "Transfer-Encoding", "chunked"),
            CapturedBody.of("{\"paid\":true}".getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE), "");

        Exchange replay = replayer.replay(original(typed), typed, null);

        Origin.Received seen = origin.take();
        assertThat(seen.headers().all("content-length")).containsExactly("13");
        assertThat(seen.headers().all("transfer-encoding")).isEmpty();
        assertThat(replay.request().headers().lines()).extracting(h -> h.name() + ": " + h.value())
            .as("what was sent, where the typed length was").containsExactly("Content-Type: application/json", "Content-Length: 13");
        assertThat(replay.request().headers().all("content-length")).isEqualTo(seen.headers().all("content-length"));
    }

    @Test
    void a_body_captured_only_in_part_is_refused_with_both_sizes() {
        CapturedRequest partial = new CapturedRequest("POST", "/upload", HttpHeaders.EMPTY,
            CapturedBody.of(new byte[100], 10), "");

        assertThatThrownBy(() -> replayer.replay(original(partial), partial, null))
            .isInstanceOfSatisfying(Replayer.PartialBodyException.class, e -> {
                assertThat(e.captured()).isEqualTo(10);
                assertThat(e.size()).isEqualTo(100);
            })
            .hasMessageContaining("10 of 100 bytes");
        assertThat(origin.receivedCount()).isZero();
    }

    @Test
    void a_local_service_that_is_down_gives_an_exchange_that_says_so() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        try (Replayer toNowhere = Replayer.standalone(URI.create("http://127.0.0.1:" + free), HostHeader.LOCAL,
            Duration.ofSeconds(5), 1024, 1024)) {
            CapturedRequest request = new CapturedRequest("GET", "/", HttpHeaders.EMPTY, CapturedBody.EMPTY, "");
            Exchange replay = toNowhere.replay(original(request), request, null);
            assertThat(replay.response().status()).isEqualTo(502);
            assertThat(replay.error()).contains("127.0.0.1:" + free).contains("refused");
        }
    }

    @Test
    void a_local_service_that_does_not_answer_in_time_gives_a_timeout_exchange() {
        origin.handler(r -> {
            Thread.sleep(3_000);
            return Answer.text(200, "late");
        });
        try (Replayer impatient = Replayer.standalone(URI.create("http://127.0.0.1:" + origin.port()), HostHeader.LOCAL,
            Duration.ofMillis(300), 1024, 1024)) {
            CapturedRequest request = new CapturedRequest("GET", "/slow", HttpHeaders.EMPTY, CapturedBody.EMPTY, "");
            Exchange replay = impatient.replay(original(request), request, null);
            assertThat(replay.response().status()).isEqualTo(504);
            assertThat(replay.error()).isNotBlank();
        }
    }
}
