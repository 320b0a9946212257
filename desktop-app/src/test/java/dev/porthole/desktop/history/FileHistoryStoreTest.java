package dev.porthole.desktop.history;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileHistoryStoreTest {
    @TempDir
    Path dir;

    @Test
    void entries_survive_a_restart_exactly() {
        LogEntry a = Exchanges.entry("k", Exchanges.exchange("POST", "/a?x=1",
                HttpHeaders.of("Set-Cookie", "a=1", "Set-Cookie", "b=2", "X-Case", "Keep"), Exchanges.body("héllo"),
                201, HttpHeaders.of("Content-Type", "text/plain"), Exchanges.body("ok")));
        LogEntry replay = LogEntry.of("k", "T", null, Exchanges.exchange("GET", "/b", 500, "{}"), a.id());
        FileHistoryStore store = new FileHistoryStore(dir, 100);
        store.append(List.of(a, replay));
        store.flush();
        store.close();

        List<LogEntry> back = new FileHistoryStore(dir, 100).load(100, Long.MAX_VALUE);
        assertThat(back).containsExactly(a, replay);
    }

    @Test
    void a_full_history_is_read_back_whole_within_the_memory_budget() {
        FileHistoryStore store = new FileHistoryStore(dir, 1_000);
        String body = "y".repeat(30 * 1024);
        List<LogEntry> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(Exchanges.entry("k", Exchanges.exchange("POST", "/p/" + i, 200, body)));
        }
        store.append(all);
        store.flush();

        List<LogEntry> back = store.load(1_000, 1024 * 1024);
        assertThat(back).extracting(LogEntry::id).containsExactlyElementsOf(all.stream().map(LogEntry::id).toList());
        assertThat(back.stream().mapToLong(LogEntry::capturedBytes).sum()).isLessThanOrEqualTo(1024 * 1024 + 30 * 1024);
        assertThat(back.getFirst().exchange().response().body().size()).as("the size is still known").isEqualTo(30 * 1024);
        assertThat(back.getLast().exchange().response().body().truncated()).as("the newest keep theirs").isFalse();
    }

    /** Replay after a restart sends the prefix again as X-Forwarded-Prefix, and the log still says it was kept. */
    @Test
    void the_path_prefix_and_the_time_a_kept_request_arrived_survive_a_restart() {
        var x = Exchanges.exchange("POST", "/hooks/stripe", 200, "{}");
        var r = x.request();
        var kept = new dev.porthole.agent.capture.Exchange(x.id(), x.tunnelId(),
                new dev.porthole.agent.capture.CapturedRequest(r.method(), r.target(), r.headers(), r.body(), "/abcdefghijklm",
                        Exchanges.T0.minusSeconds(3600)), x.response(), x.timings(), null, null);
        LogEntry e = Exchanges.entry("k", kept);
        FileHistoryStore store = new FileHistoryStore(dir, 100);
        store.append(List.of(e));
        store.close();

        LogEntry back = new FileHistoryStore(dir, 100).load(100, Long.MAX_VALUE).getFirst();
        assertThat(back.exchange().request().prefix()).isEqualTo("/abcdefghijklm");
        assertThat(back.exchange().request().caughtAt()).isEqualTo(Exchanges.T0.minusSeconds(3600));
        assertThat(back).isEqualTo(e);
    }

    @Test
    void what_the_rules_did_survives_a_restart() {
        LogEntry refused = Exchanges.entry("k", Exchanges.refusedByRule());
        LogEntry allowed = Exchanges.entry("k", Exchanges.allowedByRules("/a"));
        FileHistoryStore store = new FileHistoryStore(dir, 100);
        store.append(List.of(refused, allowed));
        store.close();

        List<LogEntry> back = new FileHistoryStore(dir, 100).load(100, Long.MAX_VALUE);
        assertThat(back).containsExactly(refused, allowed);
        assertThat(back.getFirst().exchange().policy()).startsWith("refused by rule 1 (verify-webhook)");
    }

    @Test
    void bodies_are_cut_on_disk_and_marked_as_cut() {
        byte[] big = new byte[100_000];
        LogEntry e = Exchanges.entry("k", Exchanges.exchange("PUT", "/big", HttpHeaders.EMPTY, new CapturedBody(big, big.length),
                200, HttpHeaders.EMPTY, new CapturedBody(big, 5_000_000)));
        FileHistoryStore store = new FileHistoryStore(dir, 100);
        store.append(List.of(e));
        store.flush();
        LogEntry back = store.load(10, Long.MAX_VALUE).getFirst();
        assertThat(back.exchange().request().body().bytes()).hasSize(FileHistoryStore.BODY_BYTES_ON_DISK);
        assertThat(back.exchange().request().body().size()).isEqualTo(100_000);
        assertThat(back.exchange().request().body().truncated()).isTrue();
        assertThat(back.exchange().response().body().size()).isEqualTo(5_000_000);
    }

    @Test
    void the_file_stays_bounded_and_keeps_the_newest() throws Exception {
        FileHistoryStore store = new FileHistoryStore(dir, 50);
        List<LogEntry> all = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            List<LogEntry> entries = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                entries.add(Exchanges.entry("GET", "/" + (batch * 30 + i), 200));
            }
            all.addAll(entries);
            store.append(entries);
        }
        store.flush();
        try (var lines = Files.lines(store.file())) {
            assertThat(lines.count()).isLessThanOrEqualTo(100);
        }
        assertThat(store.load(50, Long.MAX_VALUE)).containsExactlyElementsOf(all.subList(250, 300));
    }

    @Test
    void a_damaged_line_is_skipped_and_the_rest_still_loads() throws Exception {
        FileHistoryStore store = new FileHistoryStore(dir, 100);
        LogEntry a = Exchanges.entry("GET", "/a", 200);
        LogEntry b = Exchanges.entry("GET", "/b", 200);
        store.append(List.of(a));
        store.flush();
        Files.writeString(store.file(), "{\"id\":12,\"exchange\":{\"req\n", StandardOpenOption.APPEND);
        store.append(List.of(b));
        store.flush();
        FileHistoryStore reopened = new FileHistoryStore(dir, 100);
        assertThat(reopened.load(100, Long.MAX_VALUE)).containsExactly(a, b);
        assertThat(reopened.skippedLines()).isEqualTo(1);
    }

    @Test
    void clear_removes_everything() {
        FileHistoryStore store = new FileHistoryStore(dir, 100);
        store.append(List.of(Exchanges.entry("GET", "/a", 200)));
        store.clear();
        store.flush();
        assertThat(store.load(100, Long.MAX_VALUE)).isEmpty();
        assertThat(Files.exists(store.file())).isFalse();
    }

    @Test
    void ids_given_after_a_reload_are_above_the_reloaded_ones() {
        LogEntry future = new LogEntry(Long.MAX_VALUE / 2, "k", "T", null, Exchanges.exchange("GET", "/", 200, "{}"), null);
        FileHistoryStore store = new FileHistoryStore(dir, 100);
        store.append(List.of(future));
        store.flush();
        store.load(100, Long.MAX_VALUE);
        assertThat(Exchanges.entry("GET", "/next", 200).id()).isGreaterThan(future.id());
    }
}
