package dev.porthole.backend.connection;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RefusedHandshakesTest {
    private final MovableClock clock = new MovableClock();
    private final List<String> lines = new ArrayList<>();
    private final RefusedHandshakes refusals = new RefusedHandshakes(clock, lines::add);

    @Test
    void aFloodOfBadTokensIsOneLineAtOnceAndOneSummaryPerInterval() {
        // what the probe sent: 992 attempts in 1.7 s, here from two addresses
        for (int i = 0; i < 992; i++) {
            refusals.refused(i % 10 == 0 ? "198.51.100.7" : "203.0.113.9");
            clock.advance(Duration.ofMillis(1700 / 992));
        }
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("198.51.100.7").contains("summarised");

        clock.advance(RefusedHandshakes.INTERVAL);
        refusals.tick(); // the next handshake, even a good one, writes the finished interval

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("refused 991 more handshakes").contains("203.0.113.9 ×892").contains("198.51.100.7 ×99");
    }

    @Test
    void afterAQuietIntervalTheNextRefusalIsLoggedAtOnceAgain() {
        refusals.refused("192.0.2.1");
        clock.advance(RefusedHandshakes.INTERVAL.plusSeconds(1));
        refusals.refused("192.0.2.2");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("refused an agent from 192.0.2.2");
    }

    @Test
    void aSummaryNamesTheBusiestSourcesAndCountsTheRest() {
        refusals.refused("192.0.2.100");
        for (int source = 1; source <= 8; source++) {
            for (int i = 0; i < source; i++) {
                refusals.refused("192.0.2." + source);
            }
        }
        clock.advance(RefusedHandshakes.INTERVAL);
        refusals.tick();

        assertThat(lines.get(1)).contains("192.0.2.8 ×8, 192.0.2.7 ×7").contains("and 3 other sources").doesNotContain("192.0.2.1 ");
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
