package dev.porthole.desktop.har;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.platform.Json;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HarTest {
    @TempDir
    Path dir;

    @Test
    void exported_entries_read_back_the_same() throws Exception {
        Exchange json = Exchanges.exchange("POST", "/hooks/stripe?x=1",
                HttpHeaders.of("Content-Type", "application/json", "Cookie", "a=1", "X-Dup", "1", "X-Dup", "2"),
                Exchanges.body("{\"id\":1}"), 201, HttpHeaders.of("Content-Type", "application/json", "Set-Cookie", "s=2; Path=/"),
                Exchanges.body("{\"ok\":true}"));
        byte[] binary = {0, (byte) 0xff, 7};
        Exchange bin = Exchanges.exchange("PUT", "/upload", HttpHeaders.of("Content-Type", "application/octet-stream"),
                new CapturedBody(binary, 1000), 200, HttpHeaders.of("Content-Type", "image/png"), new CapturedBody(binary, binary.length));
        LogEntry a = LogEntry.of("k1", "Shop", URI.create("https://abc.example/shop/"), json, null);
        LogEntry b = LogEntry.of("k1", "Shop", URI.create("https://abc.example/shop/"), bin, a.id());
        Path file = dir.resolve("out.har");

        new HarWriter("1.0").write(List.of(a, b), file);
        List<LogEntry> back = HarReader.read(file);

        assertThat(back).hasSize(2);
        for (int i = 0; i < 2; i++) {
            LogEntry original = List.of(a, b).get(i);
            LogEntry read = back.get(i);
            assertThat(read.id()).isEqualTo(original.id());
            assertThat(read.replayOf()).isEqualTo(original.replayOf());
            assertThat(read.tunnelName()).isEqualTo("Shop");
            assertThat(read.publicUrl()).isEqualTo(original.publicUrl());
            assertThat(read.exchange().request()).isEqualTo(original.exchange().request());
            assertThat(read.exchange().response()).isEqualTo(original.exchange().response());
            assertThat(read.exchange().timings()).isEqualTo(original.exchange().timings());
        }
        assertThat(back.get(1).exchange().request().body().truncated()).isTrue();
    }

    @Test
    void what_the_rules_did_is_exported_and_read_back() throws Exception {
        LogEntry refused = LogEntry.of("k1", "Hooks", URI.create("https://abc.example/hooks/"), Exchanges.refusedByRule(), null);
        LogEntry allowed = LogEntry.of("k1", "Hooks", URI.create("https://abc.example/hooks/"), Exchanges.allowedByRules("/a"), null);
        String text = new HarWriter("1.0").writeString(List.of(refused, allowed));
        assertThat(text).contains("\"_policy\" : \"refused by rule 1 (verify-webhook): the X-Hub-Signature-256 header is missing\"");

        Path file = dir.resolve("rules.har");
        new HarWriter("1.0").write(List.of(refused, allowed), file);
        List<LogEntry> back = HarReader.read(file);
        assertThat(back).extracting(e -> e.exchange().policy())
                .containsExactly(refused.exchange().policy(), "allowed (rule 1 (request-headers))");
        assertThat(back.getFirst().exchange().keptByRule()).isTrue();
        assertThat(back.getFirst().status()).isEqualTo(401);
    }

    @Test
    void the_file_is_har_1_2_with_the_required_fields() throws Exception {
        LogEntry e = LogEntry.of("k", "T", URI.create("https://abc.example/t/"),
                Exchanges.exchange("GET", "/a?b=c", 200, "{}"), null);
        JsonNode har = Json.MAPPER.readTree(new HarWriter("1.0").writeString(List.of(e)));
        assertThat(har.at("/log/version").asText()).isEqualTo("1.2");
        assertThat(har.at("/log/creator/name").asText()).isEqualTo("Porthole");
        JsonNode entry = har.at("/log/entries/0");
        for (String field : List.of("startedDateTime", "time", "request", "response", "cache", "timings")) {
            assertThat(entry.has(field)).as(field).isTrue();
        }
        assertThat(entry.at("/request/url").asText()).isEqualTo("https://abc.example/t/a?b=c");
        assertThat(entry.at("/request/queryString/0/name").asText()).isEqualTo("b");
        assertThat(entry.at("/response/content/mimeType").asText()).isEqualTo("application/json");
        assertThat(entry.at("/timings/wait").isNumber()).isTrue();
        assertThat(java.time.Instant.parse(entry.at("/startedDateTime").asText())).isEqualTo(e.time());
    }

    @Test
    void har_from_other_tools_is_read_as_far_as_it_goes() throws Exception {
        String chrome = """
                {"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[{
                  "startedDateTime":"2026-01-02T03:04:05.678+01:00","time":12.5,
                  "request":{"method":"GET","url":"https://example.com/x/y?z=1","httpVersion":"h2","headers":[{"name":"accept","value":"*/*"}],
                    "queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
                  "response":{"status":200,"statusText":"","httpVersion":"h2","headers":[],"cookies":[],
                    "content":{"size":2,"mimeType":"text/plain","text":"aGk=","encoding":"base64"},"redirectURL":"","headersSize":-1,"bodySize":2},
                  "cache":{},"timings":{"send":1,"wait":10,"receive":1.5}}]}}
                """;
        List<LogEntry> entries = HarReader.read(chrome);
        assertThat(entries).hasSize(1);
        LogEntry e = entries.getFirst();
        assertThat(e.target()).isEqualTo("/x/y?z=1");
        assertThat(new String(e.exchange().response().body().bytes())).isEqualTo("hi");
        assertThat(e.duration().toNanos()).isEqualTo(12_500_000);
    }

    @Test
    void a_file_that_is_not_har_gets_a_clear_message() throws Exception {
        Path notHar = dir.resolve("x.har");
        Files.writeString(notHar, "{\"hello\":1}");
        assertThatThrownBy(() -> HarReader.read(notHar)).isInstanceOf(HarReader.InvalidHar.class)
                .hasMessage("x.har has no log.entries: is it a HAR file?");
        Files.writeString(notHar, "not json");
        assertThatThrownBy(() -> HarReader.read(notHar)).hasMessageStartingWith("x.har is not a HAR file Porthole can read");
        assertThatThrownBy(() -> HarReader.read("{\"log\":{\"entries\":[{\"request\":{}}]}}"))
                .hasMessageContaining("Entry 1").hasMessageContaining("no request method or URL");
    }
}
