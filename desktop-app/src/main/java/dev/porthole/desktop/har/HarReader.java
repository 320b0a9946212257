package dev.porthole.desktop.har;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.capture.Timings;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.platform.Json;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * HAR back into log entries: Porthole's own exports come back exactly; HAR from browsers and other tools come back
 * as far as HAR carries the data (a body cut by the other tool stays cut).
 */
public final class HarReader {
    private HarReader() {
    }

    /** Thrown with a message a person can act on. */
    public static final class InvalidHar extends Exception {
        InvalidHar(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static List<LogEntry> read(Path file) throws InvalidHar {
        try {
            return entries(Json.MAPPER.readValue(file.toFile(), Har.class), file.getFileName().toString());
        } catch (IOException e) {
            throw new InvalidHar(file.getFileName() + " is not a HAR file Porthole can read: " + firstLine(e.getMessage()), e);
        }
    }

    public static List<LogEntry> read(String json) throws InvalidHar {
        try {
            return entries(Json.MAPPER.readValue(json, Har.class), "the HAR text");
        } catch (IOException e) {
            throw new InvalidHar("This is not HAR Porthole can read: " + firstLine(e.getMessage()), e);
        }
    }

    private static List<LogEntry> entries(Har har, String source) throws InvalidHar {
        if (har == null || har.log() == null || har.log().entries() == null) {
            throw new InvalidHar(source + " has no log.entries: is it a HAR file?", null);
        }
        List<LogEntry> out = new ArrayList<>();
        int n = 0;
        for (Har.Entry e : har.log().entries()) {
            n++;
            try {
                out.add(entry(e));
            } catch (RuntimeException ex) {
                throw new InvalidHar("Entry " + n + " of " + source + " cannot be read: " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    static LogEntry entry(Har.Entry e) {
        Har.Request r = e.request();
        if (r == null || r.method() == null || r.url() == null) {
            throw new IllegalArgumentException("it has no request method or URL");
        }
        URI url = URI.create(r.url());
        String target = e.target() != null ? e.target()
                : (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        CapturedBody requestBody = CapturedBody.EMPTY;
        if (r.postData() != null && r.postData().text() != null) {
            byte[] bytes = "base64".equals(r.postData().encoding()) ? Base64.getDecoder().decode(r.postData().text())
                    : r.postData().text().getBytes(StandardCharsets.UTF_8);
            long size = r.postData().size() != null ? r.postData().size() : bytes.length;
            requestBody = new CapturedBody(bytes, Math.max(size, bytes.length));
        }
        CapturedRequest request = new CapturedRequest(r.method(), target, headers(r.headers()), requestBody);
        CapturedResponse response = null;
        Har.Response s = e.response();
        if (s != null && s.status() > 0) {
            CapturedBody body = CapturedBody.EMPTY;
            Har.Content c = s.content();
            if (c != null && c.text() != null) {
                byte[] bytes = "base64".equals(c.encoding()) ? Base64.getDecoder().decode(c.text())
                        : c.text().getBytes(StandardCharsets.UTF_8);
                body = new CapturedBody(bytes, Math.max(c.size(), bytes.length));
            }
            response = new CapturedResponse(s.status(), headers(s.headers()), body);
        }
        Instant received = OffsetDateTime.parse(e.startedDateTime()).toInstant();
        Har.Timings t = e.timings();
        Instant sent = received.plus(nanos(t == null ? 0 : t.send()));
        Instant answered = t == null ? null : sent.plus(nanos(t.waiting()));
        Instant completed = received.plus(nanos(e.time()));
        Exchange exchange = new Exchange(e.id() == null ? "har-" + received.toEpochMilli() : Long.toString(e.id()),
                e.tunnelKey(), request, response, new Timings(received, sent, answered, completed), e.error(),
                e.replayOf() == null ? null : Long.toString(e.replayOf()), e.policy());
        URI publicUrl = e.publicUrl() == null ? null : URI.create(e.publicUrl());
        String tunnelName = e.tunnel() != null ? e.tunnel() : url.getHost();
        return e.id() != null ? new LogEntry(e.id(), e.tunnelKey(), tunnelName, publicUrl, exchange, e.replayOf())
                : LogEntry.of(e.tunnelKey(), tunnelName, publicUrl, exchange, null);
    }

    private static Duration nanos(double millis) {
        return Duration.ofNanos(Math.round(Math.max(0, millis) * 1_000_000));
    }

    private static HttpHeaders headers(List<Har.NameValue> list) {
        if (list == null) {
            return HttpHeaders.EMPTY;
        }
        return HttpHeaders.of(list.stream().filter(nv -> nv.name() != null && nv.value() != null)
                .map(nv -> new Header(nv.name(), nv.value())).toList());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
