package dev.porthole.desktop.har;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.inspect.Bodies;
import dev.porthole.desktop.inspect.BodyView.FormField;
import dev.porthole.desktop.inspect.Cookies;
import dev.porthole.desktop.inspect.FormFields;
import dev.porthole.desktop.inspect.StatusText;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.platform.Json;
import dev.porthole.desktop.platform.PrivateFiles;
import dev.porthole.protocol.HttpHeaders;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Log entries to HAR 1.2. Text bodies are written as text, others base64; cut bodies are marked {@code _truncated}. */
public final class HarWriter {
    private final String appVersion;

    public HarWriter(String appVersion) {
        this.appVersion = appVersion;
    }

    public Har toHar(List<LogEntry> entries) {
        return new Har(new Har.Log("1.2", new Har.Creator("Porthole", appVersion),
                entries.stream().map(HarWriter::entry).toList(), null));
    }

    /** Writes the file owner-only: it holds the requests' headers and bodies, passwords in forms included. */
    public void write(List<LogEntry> entries, Path file) throws IOException {
        // streamed to a private file next to it, then moved into place: 10,000 requests never sit in memory as JSON
        Path temp = PrivateFiles.temporaryNextTo(file);
        try {
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), toHar(entries));
            PrivateFiles.moveIntoPlace(temp, file);
        } finally {
            java.nio.file.Files.deleteIfExists(temp);
        }
    }

    public String writeString(List<LogEntry> entries) throws IOException {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toHar(entries));
    }

    static Har.Entry entry(LogEntry e) {
        Exchange x = e.exchange();
        var t = x.timings();
        double total = millis(t.received(), t.completed());
        double wait = t.localAnswered() == null ? total : millis(t.sentToLocal(), t.localAnswered());
        double send = millis(t.received(), t.sentToLocal());
        double receive = Math.max(0, total - send - wait);
        return new Har.Entry(t.received().toString(), total, request(e), response(x.response()), new Har.Cache(),
                new Har.Timings(send, wait, receive), e.isReplay() ? "Replay" : null,
                e.tunnelName(), e.tunnelKey(), x.request().target(),
                e.publicUrl() == null ? null : e.publicUrl().toString(), e.id(), e.replayOf(), x.error(), x.policy());
    }

    private static double millis(Instant from, Instant to) {
        return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toNanos() / 1_000_000.0);
    }

    private static Har.Request request(LogEntry e) {
        CapturedRequest r = e.exchange().request();
        URI url = e.url();
        String fullUrl = url != null ? url.toString() : "http://localhost" + r.target();
        int q = r.target().indexOf('?');
        List<FormField> query = q < 0 ? List.of() : FormFields.urlEncoded(r.target().substring(q + 1));
        Har.PostData postData = null;
        if (r.body().size() > 0) {
            String mime = r.headers().first("Content-Type").orElse("");
            String text = Bodies.utf8TextOrNull(r.body().bytes());
            postData = text != null ? new Har.PostData(mime, text, null, sizeIfCut(r.body()))
                    : new Har.PostData(mime, Base64.getEncoder().encodeToString(r.body().bytes()), "base64", sizeIfCut(r.body()));
        }
        return new Har.Request(r.method(), fullUrl, "HTTP/1.1",
                Cookies.sent(r.headers()).stream().map(c -> new Har.NameValue(c.name(), c.value())).toList(),
                nameValues(r.headers()), query.stream().map(f -> new Har.NameValue(f.name(), f.value())).toList(),
                postData, -1, r.body().size());
    }

    private static Long sizeIfCut(CapturedBody body) {
        return body.truncated() ? body.size() : null;
    }

    private static Har.Response response(CapturedResponse r) {
        if (r == null) {
            return new Har.Response(0, "", "HTTP/1.1", List.of(), List.of(), new Har.Content(0, "", null, null, null), "", -1, -1);
        }
        String mime = r.headers().first("Content-Type").orElse("");
        String text = r.body().size() == 0 ? null : Bodies.utf8TextOrNull(r.body().bytes());
        Har.Content content = r.body().size() == 0 ? new Har.Content(0, mime, null, null, null)
                : text != null ? new Har.Content(r.body().size(), mime, text, null, r.body().truncated() ? true : null)
                : new Har.Content(r.body().size(), mime, Base64.getEncoder().encodeToString(r.body().bytes()), "base64",
                r.body().truncated() ? true : null);
        return new Har.Response(r.status(), StatusText.of(r.status()), "HTTP/1.1",
                Cookies.set(r.headers()).stream().map(c -> new Har.NameValue(c.name(), c.value())).toList(),
                nameValues(r.headers()), content, r.headers().first("Location").orElse(""), -1, r.body().size());
    }

    private static List<Har.NameValue> nameValues(HttpHeaders headers) {
        return headers.lines().stream().map(h -> new Har.NameValue(h.name(), h.value())).toList();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
