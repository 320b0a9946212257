package dev.porthole.desktop.replay;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.testing.EchoServer;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.desktop.testing.ManualUiExecutor;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayTest {
    final ManualUiExecutor ui = new ManualUiExecutor();
    final HttpReplayService service = new HttpReplayService(Clock.systemUTC(), Duration.ofSeconds(10));
    final List<LogEntry> logged = new CopyOnWriteArrayList<>();
    final List<LogEntry> results = new CopyOnWriteArrayList<>();

    LogEntry original() {
        return Exchanges.entry("t1", Exchanges.exchange("POST", "/hooks/a?x=1",
                HttpHeaders.of("Content-Type", "application/json", "X-Signature", "abc", "Host", "public.example", "Content-Length", "8"),
                Exchanges.body("{\"n\":1}"), 200, HttpHeaders.of("Content-Type", "application/json"), Exchanges.body("{\"old\":true}")));
    }

    @Test
    void edited_request_reaches_the_local_service_and_is_logged_linked_to_the_original() throws Exception {
        try (EchoServer server = new EchoServer()) {
            LogEntry original = original();
            ReplayEditorViewModel editor = new ReplayEditorViewModel(original, URI.create("http://127.0.0.1:" + server.port()),
                    service, logged::add, ui, results::add);
            assertThat(editor.headersSetByClient()).containsExactly("Host", "Content-Length");
            editor.methodProperty().set("put");
            editor.targetProperty().set("/hooks/b");
            editor.headersProperty().set("Content-Type: application/json\nX-Signature: edited\n");
            editor.bodyProperty().set("{\"n\":2}");

            LogEntry entry = editor.send().get(10, TimeUnit.SECONDS);

            EchoServer.Received received = server.take();
            assertThat(received.method()).isEqualTo("PUT");
            assertThat(received.target()).isEqualTo("/hooks/b");
            assertThat(received.headers().get("X-signature")).containsExactly("edited");
            assertThat(received.body()).isEqualTo("{\"n\":2}");
            assertThat(entry.replayOf()).isEqualTo(original.id());
            assertThat(entry.exchange().response().status()).isEqualTo(200);
            assertThat(new String(entry.exchange().response().body().bytes())).contains("\"method\":\"PUT\"");
            assertThat(logged).containsExactly(entry);
            ui.runPending();
            assertThat(results).containsExactly(entry);
            assertThat(editor.sendingProperty().get()).isFalse();
        }
    }

    @Test
    void nothing_listening_is_a_502_entry_that_says_so() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        ReplayEditorViewModel editor = new ReplayEditorViewModel(original(), URI.create("http://127.0.0.1:" + free), service,
                logged::add, ui, results::add);
        LogEntry entry = editor.send().get(10, TimeUnit.SECONDS);
        assertThat(entry.status()).isEqualTo(502);
        assertThat(entry.exchange().error()).isEqualTo("Nothing is listening on 127.0.0.1:" + free + ". Start your server there and replay again.");
    }

    @Test
    void a_form_with_mistakes_is_not_sent_and_says_what_to_fix() {
        ReplayEditorViewModel editor = new ReplayEditorViewModel(original(), URI.create("http://localhost:1"), service,
                logged::add, ui, results::add);
        editor.methodProperty().set("GE T");
        editor.targetProperty().set("hooks");
        editor.headersProperty().set("no colon here");
        editor.sendToProperty().set("ftp://x");
        assertThat(editor.send()).isNull();
        assertThat(editor.errorProperty().get()).contains("one word").contains("must start with /")
                .contains("Header line 1").contains("http:// or https://");
        assertThat(logged).isEmpty();
    }

    @Test
    void curl_command_quotes_safely_and_skips_headers_curl_sets() {
        var request = new dev.porthole.agent.capture.CapturedRequest("POST", "/a",
                HttpHeaders.of("Host", "x", "Content-Type", "text/plain", "X-Quote", "it's"), Exchanges.body("don't"));
        String curl = CurlCommand.of(request, URI.create("https://abc.example/t/a"));
        assertThat(curl).isEqualTo("curl -X 'POST' 'https://abc.example/t/a' \\\n  -H 'Content-Type: text/plain' \\\n"
                + "  -H 'X-Quote: it'\\''s' \\\n  --data-binary 'don'\\''t'");
        var binary = new dev.porthole.agent.capture.CapturedRequest("PUT", "/b", HttpHeaders.EMPTY, new CapturedBody(new byte[]{0, 1}, 2));
        assertThat(CurlCommand.of(binary, URI.create("http://localhost:3000/b")))
                .isEqualTo("printf '%s' 'AAE=' | base64 -d | curl -X 'PUT' 'http://localhost:3000/b' \\\n  --data-binary @-");
    }

    @Test
    void diff_shows_changed_lines_and_ignores_date_and_header_case() {
        CapturedResponse before = new CapturedResponse(200, HttpHeaders.of("Content-Type", "application/json", "Date", "Mon"),
                Exchanges.body("{\"a\":1,\"b\":2}"));
        CapturedResponse after = new CapturedResponse(200, HttpHeaders.of("content-type", "application/json", "Date", "Tue"),
                Exchanges.body("{\"a\":1,\"b\":3}"));
        ResponseDiff diff = ResponseDiff.between(before, after);
        assertThat(diff.statusChanged()).isFalse();
        assertThat(diff.removed()).isEqualTo(1);
        assertThat(diff.added()).isEqualTo(1);
        assertThat(diff.lines()).filteredOn(l -> l.change() != ResponseDiff.Change.SAME)
                .extracting(ResponseDiff.Line::text).containsExactly("  \"b\" : 2", "  \"b\" : 3");
        assertThat(ResponseDiff.between(before, before).identical()).isTrue();
        assertThat(ResponseDiff.between(before, new CapturedResponse(500, HttpHeaders.EMPTY, CapturedBody.EMPTY)).summary())
                .startsWith("Status changed.");
    }
}
