package dev.porthole.agent.tunnel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void doublesFromTheBaseUpToTheMaximumWithJitterInTheUpperHalf() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30), new Random(1));
        long[] ceilings = {250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            for (int draw = 0; draw < 50; draw++) {
                assertThat(backoff.delay(attempt).toMillis()).as("attempt %d", attempt)
                    .isBetween(ceilings[attempt - 1] / 2, ceilings[attempt - 1]);
            }
        }
        assertThat(backoff.delay(1_000).toMillis()).isBetween(15_000L, 30_000L);
    }

    @Test
    void spreadsAgentsThatFailTogether() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(2));
        assertThat(java.util.stream.IntStream.range(0, 20).mapToObj(i -> backoff.delay(3)).distinct().count()).isGreaterThan(10);
    }
}
