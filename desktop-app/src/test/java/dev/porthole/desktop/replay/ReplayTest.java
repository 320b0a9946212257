package dev.porthole.desktop.replay;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.event.EventBus;
import dev.porthole.desktop.inspect.InspectorViewModel;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.log.RequestLogViewModel;
import dev.porthole.desktop.testing.EchoServer;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.desktop.testing.ManualUiExecutor;
import dev.porthole.desktop.testing.RecordingDesktop;
import dev.porthole.desktop.tunnel.TunnelConfig;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.porthole.desktop.history.HistoryStore.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one replay engine (the agent's Replayer) behind Replay, Edit and replay and copy as curl, against a real local
 * server: exact bytes unless edited, what was sent is what is logged, and every failure reaches the person.
 */
class ReplayTest {
    final ManualUiExecutor ui = new ManualUiExecutor();
    final Map<String, TunnelConfig> tunnels = new java.util.concurrent.ConcurrentHashMap<>();
    final ReplayEngine engine = new ReplayEngine(key -> Optional.ofNullable(tunnels.get(key)), Duration.ofSeconds(10));
    final List<LogEntry> logged = new CopyOnWriteArrayList<>();
    final List<LogEntry> results = new CopyOnWriteArrayList<>();
    final Replays replays = new Replays(engine, logged::add);
    final EventBus bus = new EventBus();
    final List<AppEvent.Notify> toasts = new CopyOnWriteArrayList<>();
    final RequestLogViewModel log = new RequestLogViewModel(ui, NONE, 100, Long.MAX_VALUE);
    final dev.porthole.desktop.testing.FixedFileDialogs files = new dev.porthole.desktop.testing.FixedFileDialogs();

    ReplayTest() {
        bus.subscribe(AppEvent.Notify.class, toasts::add);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    LogEntry original() {
        return Exchanges.entry("t1", Exchanges.exchange("POST", "/hooks/a?x=1",
                HttpHeaders.of("Content-Type", "application/json", "X-Signature", "abc", "Host", "public.example", "Content-Length", "8"),
                Exchanges.body("{\"n\":1}"), 200, HttpHeaders.of("Content-Type", "application/json"), Exchanges.body("{\"old\":true}")));
    }

    /** An inspector whose entries' tunnel sends to {@code target}. */
    InspectorViewModel inspector(URI target, Replays with) {
        return new InspectorViewModel(log, with, new RecordingDesktop(), files, ui, Runnable::run, bus, e -> target, ZoneOffset.UTC);
    }

    LogEntry submitted(LogEntry entry) {
        log.submit(entry);
        log.flushAll();
        return entry;
    }

    @Test
    void edited_request_reaches_the_local_service_and_is_logged_linked_to_the_original() throws Exception {
        try (EchoServer server = new EchoServer()) {
            LogEntry original = original();
            ReplayEditorViewModel editor = new ReplayEditorViewModel(original, URI.create("http://127.0.0.1:" + server.port()),
                    replays, files, ui, results::add);
            assertThat(editor.headersSetByClient()).containsExactly("Host", "Content-Length");
            editor.methodProperty().set("PUT");
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
            assertThat(entry.exchange().replayOf()).isEqualTo(original.exchange().id());
            assertThat(entry.exchange().response().status()).isEqualTo(200);
            assertThat(new String(entry.exchange().response().body().bytes())).contains("\"method\":\"PUT\"");
            assertThat(logged).containsExactly(entry);
            ui.runPending();
            assertThat(results).containsExactly(entry);
            assertThat(editor.sendingProperty().get()).isFalse();
        }
    }

    @Test
    void replay_as_is_sends_the_captured_bytes_and_header_values_exactly() throws Exception {
        // a UTF-8 body that says it is ISO-8859-1: decoding and encoding it again would send 7 bytes instead of 5
        byte[] cafe = "café".getBytes(StandardCharsets.UTF_8);
        LogEntry original = submitted(Exchanges.entry("t1", Exchanges.exchange("POST", "/hooks/latin",
                HttpHeaders.of("Content-Type", "text/plain; charset=ISO-8859-1", "X-Padded", "a  b  ", "Content-Length", "5"),
                new CapturedBody(cafe, cafe.length), 200, HttpHeaders.EMPTY, CapturedBody.EMPTY)));
        try (EchoServer server = new EchoServer()) {
            InspectorViewModel inspector = inspector(URI.create("http://127.0.0.1:" + server.port()), replays);
            inspector.entryProperty().set(original);

            inspector.replayAsIs();

            EchoServer.Received received = server.take();
            assertThat(received.bytes()).containsExactly(cafe);
            assertThat(received.headers().get("Content-length")).containsExactly("5");
            assertThat(received.headers().get("X-padded")).as("no trimming beyond what HTTP itself does")
                    .containsExactly("a  b");
            waitFor(() -> logged.size() == 1);
            assertThat(logged.getFirst().exchange().request().headers()).isEqualTo(original.exchange().request().headers());
            assertThat(logged.getFirst().exchange().request().body().bytes()).containsExactly(cafe);
        }
    }

    @Test
    void an_unchanged_body_in_the_editor_goes_out_as_captured_and_a_changed_one_in_its_declared_charset() throws Exception {
        byte[] latin1 = "prix: 5 €uro".getBytes(StandardCharsets.ISO_8859_1); // '€' is not Latin-1: it becomes '?'
        byte[] body = "café".getBytes(StandardCharsets.ISO_8859_1);
        LogEntry original = Exchanges.entry("t1", Exchanges.exchange("POST", "/p",
                HttpHeaders.of("Content-Type", "text/plain; charset=ISO-8859-1"), new CapturedBody(body, body.length),
                200, HttpHeaders.EMPTY, CapturedBody.EMPTY));
        try (EchoServer server = new EchoServer()) {
            URI target = URI.create("http://127.0.0.1:" + server.port());
            ReplayEditorViewModel unchanged = new ReplayEditorViewModel(original, target, replays, files, ui, results::add);
            assertThat(unchanged.bodyIsBinary()).as("Latin-1 text is text").isFalse();
            assertThat(unchanged.bodyProperty().get()).isEqualTo("café");
            unchanged.send().get(10, TimeUnit.SECONDS);
            assertThat(server.take().bytes()).containsExactly(body);

            ReplayEditorViewModel edited = new ReplayEditorViewModel(original, target, replays, files, ui, results::add);
            edited.bodyProperty().set("crème");
            edited.send().get(10, TimeUnit.SECONDS);
            assertThat(server.take().bytes()).containsExactly("crème".getBytes(StandardCharsets.ISO_8859_1));

            ReplayEditorViewModel unencodable = new ReplayEditorViewModel(original, target, replays, files, ui, results::add);
            unencodable.bodyProperty().set(new String(latin1, StandardCharsets.ISO_8859_1) + " €");
            assertThat(unencodable.send()).isNull();
            assertThat(unencodable.errorProperty().get()).contains("ISO-8859-1 cannot hold").contains("utf-8");
        }
    }

    @Test
    void an_edited_replay_logs_the_content_length_that_was_sent_not_the_one_typed() throws Exception {
        try (EchoServer server = new EchoServer()) {
            ReplayEditorViewModel editor = new ReplayEditorViewModel(original(), URI.create("http://127.0.0.1:" + server.port()),
                    replays, files, ui, results::add);
            editor.headersProperty().set("Content-Type: application/json\nContent-Length: 52\n");
            editor.bodyProperty().set("{\"n\":2,\"note\":\"longer\"}");

            LogEntry entry = editor.send().get(10, TimeUnit.SECONDS);

            EchoServer.Received received = server.take();
            assertThat(received.headers().get("Content-length")).containsExactly("23");
            assertThat(entry.exchange().request().headers().all("content-length")).containsExactly("23");
        }
    }

    @Test
    void replay_of_a_body_captured_in_part_says_so_and_offers_edit_and_replay() throws Exception {
        try (EchoServer server = new EchoServer()) {
            LogEntry partial = submitted(Exchanges.entry("t1", Exchanges.exchange("POST", "/upload", HttpHeaders.EMPTY,
                    new CapturedBody(new byte[256 * 1024], 1024 * 1024), 200, HttpHeaders.EMPTY, CapturedBody.EMPTY)));
            InspectorViewModel inspector = inspector(URI.create("http://127.0.0.1:" + server.port()), replays);
            inspector.entryProperty().set(partial);

            inspector.replayAsIs();

            assertThat(inspector.replayProblemProperty().get()).contains("first 256.0 KB of this 1.0 MB body")
                    .contains("Edit and replay");
            assertThat(inspector.replayProblemOffersEditProperty().get()).isTrue();
            assertThat(toasts).extracting(AppEvent.Notify::kind).containsExactly(AppEvent.Notify.Kind.ERROR);
            assertThat(logged).isEmpty();
            assertThat(server.count()).isZero();

            inspector.entryProperty().set(null);
            assertThat(inspector.replayProblemProperty().get()).as("it belongs to that request").isEmpty();
        }
    }

    @Test
    void a_target_that_is_down_gives_a_logged_502_selected_and_a_toast() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        LogEntry original = submitted(original());
        List<AppEvent.Inspect> inspected = new CopyOnWriteArrayList<>();
        bus.subscribe(AppEvent.Inspect.class, inspected::add);
        InspectorViewModel inspector = inspector(URI.create("http://127.0.0.1:" + free), replays);
        inspector.entryProperty().set(original);

        inspector.replayAsIs();

        waitFor(() -> !inspected.isEmpty());
        LogEntry entry = logged.getFirst();
        assertThat(entry.status()).isEqualTo(502);
        assertThat(entry.exchange().error()).contains("127.0.0.1:" + free).contains("refused");
        assertThat(inspected).extracting(AppEvent.Inspect::entryId).containsExactly(entry.id());
        assertThat(toasts).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(AppEvent.Notify.Kind.ERROR);
            assertThat(t.message()).startsWith("The replay got no answer").contains("refused");
        });
    }

    @Test
    void a_target_that_does_not_answer_in_time_gives_a_logged_504_and_a_toast() throws Exception {
        try (EchoServer server = new EchoServer();
             ReplayEngine impatient = new ReplayEngine(key -> Optional.empty(), Duration.ofMillis(300))) {
            LogEntry slow = submitted(Exchanges.entry("GET", "/slow", 200));
            InspectorViewModel inspector = inspector(URI.create("http://127.0.0.1:" + server.port()), new Replays(impatient, logged::add));
            inspector.entryProperty().set(slow);

            inspector.replayAsIs();

            waitFor(() -> !toasts.isEmpty());
            assertThat(logged.getFirst().status()).isEqualTo(504);
            assertThat(toasts.getFirst().message()).contains("did not answer within 300 ms");
        }
    }

    @Test
    void a_failing_replay_engine_is_shown_in_plain_words_not_its_exception() {
        ReplayService broken = (base, original, request) -> CompletableFuture.failedFuture(new IllegalStateException("NPE at x.y.Z"));
        LogEntry original = submitted(original());
        InspectorViewModel inspector = inspector(URI.create("http://127.0.0.1:1"), new Replays(broken, logged::add));
        inspector.entryProperty().set(original);

        inspector.replayAsIs();

        assertThat(inspector.replayProblemProperty().get()).startsWith("The replay could not be sent").doesNotContain("NPE");
        assertThat(toasts).singleElement().extracting(AppEvent.Notify::message).asString().doesNotContain("NPE");
        assertThat(inspector.replayingProperty().get()).isFalse();
    }

    @Test
    void a_request_whose_tunnel_is_gone_offers_edit_and_replay() {
        LogEntry orphan = submitted(new LogEntry(1, "gone", "Gone", null, original().exchange(), null));
        InspectorViewModel inspector = inspector(null, replays);
        inspector.entryProperty().set(orphan);

        inspector.replayAsIs();

        assertThat(inspector.replayProblemProperty().get()).contains("no longer exists");
        assertThat(inspector.replayProblemOffersEditProperty().get()).isTrue();
    }

    @Test
    void a_tunnel_that_keeps_the_public_host_keeps_it_for_its_replays_running_or_not() throws Exception {
        try (EchoServer server = new EchoServer()) {
            TunnelConfig config = TunnelConfig.create("Echo", "127.0.0.1", server.port(), "local", null).withKeepPublicHost(true);
            tunnels.put("t1", config);
            engine.send(URI.create("http://127.0.0.1:" + server.port()), original(), original().exchange().request())
                    .get(10, TimeUnit.SECONDS);
            assertThat(server.take().headers().get("Host")).containsExactly("public.example");

            tunnels.put("t1", config.withKeepPublicHost(false));
            engine.send(URI.create("http://127.0.0.1:" + server.port()), original(), original().exchange().request())
                    .get(10, TimeUnit.SECONDS);
            assertThat(server.take().headers().get("Host")).containsExactly("127.0.0.1:" + server.port());
        }
    }

    @Test
    void a_form_with_mistakes_is_not_sent_and_says_what_to_fix() {
        ReplayEditorViewModel editor = new ReplayEditorViewModel(original(), URI.create("http://localhost:1"), replays,
                files, ui, results::add);
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
        var request = new CapturedRequest("POST", "/a",
                HttpHeaders.of("Host", "x", "Content-Type", "text/plain", "X-Quote", "it's"), Exchanges.body("don't"));
        String curl = CurlCommand.of(request, URI.create("https://abc.example/t/a"));
        assertThat(curl).isEqualTo("curl -X 'POST' 'https://abc.example/t/a' \\\n  -H 'Content-Type: text/plain' \\\n"
                + "  -H 'X-Quote: it'\\''s' \\\n  --data-binary 'don'\\''t'");
        var binary = new CapturedRequest("PUT", "/b", HttpHeaders.EMPTY, new CapturedBody(new byte[]{0, 1}, 2));
        assertThat(CurlCommand.of(binary, URI.create("http://localhost:3000/b")))
                .isEqualTo("printf '%s' 'AAE=' | base64 -d | curl -X 'PUT' 'http://localhost:3000/b' \\\n  --data-binary @-");
    }

    @Test
    void curl_leaves_out_what_the_gateway_added_and_keeps_the_body_bytes() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        var request = new CapturedRequest("POST", "/hooks", HttpHeaders.of("Content-Type", "text/plain; charset=ISO-8859-1",
                "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443",
                "X-Amzn-Trace-Id", "Root=1-abc", "X-Signature", "s"), new CapturedBody(latin1, latin1.length));
        String curl = CurlCommand.of(request, URI.create("https://abc.example/t/hooks"));
        assertThat(curl).doesNotContainIgnoringCase("x-forwarded").doesNotContainIgnoringCase("x-amzn-trace-id")
                .contains("X-Signature: s")
                .as("not UTF-8, so not pasted as text").contains("base64 -d").contains("'Y2Fm6Q=='");
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

    /** Runs what other threads handed to the UI thread until {@code done} holds (10 s at most). */
    void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not done within 10 s");
            }
            ui.runPending();
            Thread.sleep(10);
        }
    }
}
