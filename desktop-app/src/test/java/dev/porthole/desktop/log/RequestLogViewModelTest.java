package dev.porthole.desktop.log;

import dev.porthole.desktop.history.HistoryStore;
import dev.porthole.desktop.testing.ManualUiExecutor;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static dev.porthole.desktop.testing.Exchanges.entry;
import static dev.porthole.desktop.testing.Exchanges.exchange;
import static org.assertj.core.api.Assertions.assertThat;

class RequestLogViewModelTest {
    final ManualUiExecutor ui = new ManualUiExecutor();
    final RecordingHistory history = new RecordingHistory();

    static final class RecordingHistory implements HistoryStore {
        final List<LogEntry> appended = new ArrayList<>();
        int clears;

        public List<LogEntry> load(int limit, long bodyBudget) {
            return List.of();
        }

        public void append(List<LogEntry> entries) {
            appended.addAll(entries);
        }

        public void clear() {
            clears++;
            appended.clear();
        }

        public void limit(int limit) {
        }

        public void close() {
        }
    }

    @Test
    void entries_from_many_threads_arrive_in_batches_of_at_most_max_per_flush() throws Exception {
        RequestLogViewModel log = new RequestLogViewModel(ui, history, 10_000, Long.MAX_VALUE);
        List<Integer> changes = new ArrayList<>();
        log.entries().addListener((ListChangeListener<LogEntry>) c -> changes.add(1));
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    log.submit(entry("GET", "/p" + i, 200));
                }
                done.countDown();
            });
        }
        done.await();
        assertThat(log.entries()).isEmpty();

        ui.tick();
        assertThat(log.entries()).hasSize(RequestLogViewModel.MAX_PER_FLUSH);
        assertThat(changes).hasSize(1);
        ui.tick();

        assertThat(log.entries()).hasSize(2000);
        assertThat(changes).hasSize(2);
        assertThat(history.appended).hasSize(2000);
        assertThat(log.totalCountProperty().get()).isEqualTo(2000);
    }

    @Test
    void a_request_the_rules_refused_is_listed_with_its_status_and_found_by_its_rule() {
        RequestLogViewModel log = new RequestLogViewModel(ui, history, 100, Long.MAX_VALUE);
        LogEntry refused = entry("t1", dev.porthole.desktop.testing.Exchanges.refusedByRule());
        log.submit(entry("GET", "/other", 200));
        log.submit(refused);
        log.flush();
        assertThat(log.entries()).contains(refused);
        assertThat(refused.status()).isEqualTo(401);

        log.filterTextProperty().set("verify-webhook");
        assertThat(log.visibleEntries()).containsExactly(refused);
        log.filterTextProperty().set("refused by rule");
        assertThat(log.visibleEntries()).containsExactly(refused);
    }

    @Test
    void keeps_only_the_newest_entries_up_to_the_limit() {
        RequestLogViewModel log = new RequestLogViewModel(ui, history, 100, Long.MAX_VALUE);
        List<LogEntry> all = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            LogEntry e = entry("GET", "/p" + i, 200);
            all.add(e);
            log.submit(e);
            if (i % 70 == 0) {
                log.flush();
            }
        }
        log.flush();
        assertThat(log.entries()).containsExactlyElementsOf(all.subList(150, 250));
        assertThat(log.find(all.get(149).id())).isEmpty();
        assertThat(log.find(all.get(150).id())).isPresent();
    }

    @Test
    void keeps_captured_bodies_within_the_memory_budget() {
        RequestLogViewModel log = new RequestLogViewModel(ui, history, 10_000, 10_000);
        String kilobyte = "x".repeat(1000);
        for (int i = 0; i < 50; i++) {
            log.submit(entry("t", exchange("POST", "/big", 200, kilobyte)));
        }
        log.flush();
        assertThat(log.capturedBytes()).isLessThanOrEqualTo(10_000);
        assertThat(log.entries()).hasSize(10);
    }

    @Test
    void past_the_memory_budget_old_bodies_shrink_instead_of_old_requests_going() {
        RequestLogViewModel log = new RequestLogViewModel(ui, history, 10_000, 1024 * 1024);
        String hundredKb = "x".repeat(100 * 1024);
        List<LogEntry> all = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            LogEntry e = entry("t", exchange("POST", "/big/" + i, 200, hundredKb));
            all.add(e);
            log.submit(e);
            log.flush();
        }
        assertThat(log.entries()).as("every request is kept").hasSize(50);
        assertThat(log.capturedBytes()).isLessThanOrEqualTo(1024 * 1024);
        LogEntry oldest = log.find(all.getFirst().id()).orElseThrow();
        assertThat(oldest.exchange().response().body().bytes().length).isLessThanOrEqualTo(RequestLogViewModel.SLIM_BODY_BYTES);
        assertThat(oldest.exchange().response().body().size()).as("its size is still known").isEqualTo(100 * 1024);
        assertThat(log.find(all.getLast().id()).orElseThrow().exchange().response().body().truncated())
                .as("the newest keep theirs").isFalse();
        assertThat(log.visibleEntries().getLast()).isSameAs(oldest);
    }

    @Test
    void filters_by_text_method_status_class_and_tunnel() {
        RequestLogViewModel log = new RequestLogViewModel(ui, history, 1000, Long.MAX_VALUE);
        log.submit(entry("GET", "/users/1", 200));
        log.submit(entry("POST", "/hooks/stripe", 201));
        log.submit(entry("POST", "/hooks/github", 500));
        log.submit(entry("a", exchange("DELETE", "/users/2", 404, "{}")));
        log.flush();

        log.filterTextProperty().set("hooks");
        assertThat(log.visibleEntries()).extracting(LogEntry::target).containsExactly("/hooks/github", "/hooks/stripe");
        log.statusClassProperty().set(StatusClass.SERVER_ERROR);
        assertThat(log.visibleEntries()).extracting(LogEntry::target).containsExactly("/hooks/github");
        log.resetFilters();
        log.methodProperty().set("DELETE");
        assertThat(log.visibleEntries()).extracting(LogEntry::status).containsExactly(404);
        log.resetFilters();
        log.tunnelKeyProperty().set("a");
        assertThat(log.visibleEntries()).extracting(LogEntry::target).containsExactly("/users/2");
        log.resetFilters();
        log.filterTextProperty().set("50");
        assertThat(log.visibleEntries()).extracting(LogEntry::status).containsExactly(500);
    }

    @Test
    void the_visible_list_stays_newest_first_and_follows_the_limit() {
        RequestLogViewModel log = new RequestLogViewModel(ui, history, 5, Long.MAX_VALUE);
        log.filterTextProperty().set("/keep");
        for (int i = 0; i < 8; i++) {
            log.submit(entry("GET", (i % 2 == 0 ? "/keep/" : "/skip/") + i, 200));
            log.flush();
        }
        assertThat(log.entries()).extracting(LogEntry::target).containsExactly("/skip/3", "/keep/4", "/skip/5", "/keep/6", "/skip/7");
        assertThat(log.visibleEntries()).extracting(LogEntry::target).containsExactly("/keep/6", "/keep/4");
        log.filterTextProperty().set("");
        assertThat(log.visibleEntries()).extracting(LogEntry::target).containsExactly("/skip/7", "/keep/6", "/skip/5", "/keep/4", "/skip/3");
    }

    @Test
    void pause_holds_new_entries_and_resume_shows_them() {
        RequestLogViewModel log = new RequestLogViewModel(ui, history, 1000, Long.MAX_VALUE);
        log.submit(entry("GET", "/before", 200));
        log.flush();
        log.pausedProperty().set(true);
        log.submit(entry("GET", "/during1", 200));
        log.submit(entry("GET", "/during2", 200));
        log.flush();
        assertThat(log.entries()).extracting(LogEntry::target).containsExactly("/before");
        assertThat(log.heldCountProperty().get()).isEqualTo(2);
        assertThat(history.appended).hasSize(3);

        log.pausedProperty().set(false);

        assertThat(log.entries()).extracting(LogEntry::target).containsExactly("/before", "/during1", "/during2");
        assertThat(log.heldCountProperty().get()).isZero();
    }

    @Test
    void clear_empties_the_log_and_its_history() {
        RequestLogViewModel log = new RequestLogViewModel(ui, history, 1000, Long.MAX_VALUE);
        LogEntry e = entry("GET", "/a", 200);
        log.submit(e);
        log.flush();
        log.selectedProperty().set(e);
        log.clear();
        assertThat(log.entries()).isEmpty();
        assertThat(log.selectedProperty().get()).isNull();
        assertThat(history.clears).isEqualTo(1);
    }

    @Test
    void lowering_the_limit_drops_the_oldest() {
        RequestLogViewModel log = new RequestLogViewModel(ui, history, 1000, Long.MAX_VALUE);
        for (int i = 0; i < 300; i++) {
            log.submit(entry("GET", "/p" + i, 200));
        }
        log.flush();
        log.limit(100);
        assertThat(log.entries()).hasSize(100);
        assertThat(log.entries().getFirst().target()).isEqualTo("/p200");
    }

    @Test
    void a_replay_finds_its_original() {
        RequestLogViewModel log = new RequestLogViewModel(ui, history, 1000, Long.MAX_VALUE);
        LogEntry original = entry("GET", "/a", 200);
        LogEntry replay = LogEntry.of("t1", "T", null, exchange("GET", "/a", 200, "{}"), original.id());
        log.submit(original);
        log.submit(replay);
        log.flush();
        assertThat(log.originalOf(replay)).contains(original);
        assertThat(log.originalOf(original)).isEmpty();
    }
}
