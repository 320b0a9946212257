package dev.porthole.desktop.inspect;

import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.event.EventBus;
import dev.porthole.desktop.history.HistoryStore;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.log.RequestLogViewModel;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.desktop.testing.ManualUiExecutor;
import dev.porthole.desktop.testing.RecordingDesktop;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InspectorViewModelTest {
    final RecordingDesktop desktop = new RecordingDesktop();
    final InspectorViewModel inspector = new InspectorViewModel(
            new RequestLogViewModel(new ManualUiExecutor(), new NoHistory(), 100, Long.MAX_VALUE),
            new dev.porthole.desktop.replay.Replays((base, original, request) -> null, entry -> { }), desktop,
            new dev.porthole.desktop.testing.FixedFileDialogs(), new ManualUiExecutor(), Runnable::run, new EventBus(),
            e -> URI.create("http://localhost:3000"), ZoneOffset.UTC);

    @Test
    void a_live_request_shows_when_it_came_and_how_long_it_took() {
        LogEntry live = Exchanges.entry("POST", "/hooks/stripe", 200);
        inspector.entryProperty().set(live);

        assertThat(inspector.titleProperty().get()).isEqualTo("POST /hooks/stripe");
        assertThat(inspector.timingProperty().get())
                .startsWith(live.exchange().timings().received().atOffset(ZoneOffset.UTC).toLocalTime().toString().substring(0, 8))
                .contains("total 14 ms").contains("local service 11 ms")
                .doesNotContain("kept");
    }

    @Test
    void a_request_kept_while_offline_says_since_when_the_caller_is_waiting_for_nothing() {
        Exchange x = Exchanges.exchange("POST", "/hooks/github", 200, "{}");
        CapturedRequest r = x.request();
        Exchange kept = new Exchange(x.id(), x.tunnelId(), new CapturedRequest(r.method(), r.target(), r.headers(), r.body(),
                "/abcdefghijklm", Exchanges.T0.minus(Duration.ofDays(2))), x.response(), x.timings(), null, null);
        inspector.entryProperty().set(Exchanges.entry("k", kept));

        assertThat(inspector.timingProperty().get()).contains("kept while offline since 19 Nov 10:15:30");
    }

    @Test
    void a_request_the_rules_refused_says_which_rule_and_that_it_never_reached_the_local_service() {
        inspector.entryProperty().set(Exchanges.entry("k", Exchanges.refusedByRule()));
        assertThat(inspector.policyProperty().get()).isEqualTo("Rules: refused by rule 1 (verify-webhook): the X-Hub-Signature-256 "
                + "header is missing — it never reached the local service");
        assertThat(inspector.timingProperty().get()).contains("answered by the backend").doesNotContain("total");

        inspector.entryProperty().set(Exchanges.entry("k", Exchanges.allowedByRules("/a")));
        assertThat(inspector.policyProperty().get()).isEqualTo("Rules: allowed (rule 1 (request-headers))");

        inspector.entryProperty().set(Exchanges.entry("GET", "/no-rules", 200));
        assertThat(inspector.policyProperty().get()).as("a tunnel without rules shows no line").isEmpty();
    }

    @Test
    void nothing_selected_clears_everything() {
        inspector.entryProperty().set(Exchanges.entry("GET", "/a", 200));
        inspector.entryProperty().set(null);
        assertThat(inspector.timingProperty().get()).isEmpty();
        assertThat(inspector.titleProperty().get()).isEmpty();
        assertThat(inspector.policyProperty().get()).isEmpty();
        assertThat(inspector.requestProperty().get()).isNull();
    }

    @Test
    void copy_as_curl_targets_the_tunnels_local_service_when_the_entry_has_no_url() {
        inspector.entryProperty().set(Exchanges.entry("GET", "/search?q=a", 200));
        inspector.copyAsCurl();
        assertThat(desktop.copied).singleElement().asString().startsWith("curl").contains("/search?q=a");
    }

    static final class NoHistory implements HistoryStore {
        public List<LogEntry> load(int limit, long bodyBudget) {
            return List.of();
        }

        public void append(List<LogEntry> entries) {
        }

        public void clear() {
        }

        public void limit(int limit) {
        }

        public void close() {
        }
    }
}
