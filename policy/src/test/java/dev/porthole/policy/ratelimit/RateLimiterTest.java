package dev.porthole.policy.ratelimit;

import dev.porthole.policy.ratelimit.RateLimiter.KeyKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limiter, on a clock the test controls: time is an argument, so nothing here sleeps. */
class RateLimiterTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void allowsTheLimitThenRefusesAndSaysWhenToRetry() {
        RateLimiter limiter = new RateLimiter();
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 5, MINUTE, T0.plusSeconds(i)).allowed()).isTrue();
        }
        RateLimiter.Outcome sixth = limiter.tryAcquire(KeyKind.TUNNEL, "t", 5, MINUTE, T0.plusSeconds(10));

        assertThat(sixth.allowed()).isFalse();
        // the first request (at 0 s) leaves the window at 60 s: 50 s from now
        assertThat(sixth.retryAfter()).isEqualTo(Duration.ofSeconds(50));
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 5, MINUTE, T0.plusSeconds(59)).allowed()).isFalse();
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 5, MINUTE, T0.plusSeconds(60)).allowed()).isTrue();
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 5, MINUTE, T0.plusSeconds(60)).allowed()).as("the one at 1 s is still counted").isFalse();
    }

    @Test
    void refusedRequestsDoNotUseUpTheLimit() {
        RateLimiter limiter = new RateLimiter();
        limiter.tryAcquire(KeyKind.TUNNEL, "t", 1, MINUTE, T0);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 1, MINUTE, T0.plusMillis(i * 100L)).allowed()).isFalse();
        }
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 1, MINUTE, T0.plusSeconds(60)).allowed()).isTrue();
    }

    @Test
    void keysAreCountedApart() {
        RateLimiter limiter = new RateLimiter();
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "a", 1, MINUTE, T0).allowed()).isTrue();
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "b", 1, MINUTE, T0).allowed()).isTrue();
        assertThat(limiter.tryAcquire(KeyKind.CALLER, "a", 1, MINUTE, T0).allowed()).as("kinds are separate maps").isTrue();
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "a", 1, MINUTE, T0).allowed()).isFalse();
    }

    /**
     * The documented guarantee, checked on random traffic: in every stretch of 59 s at most N requests are allowed,
     * and steady callers get N per minute.
     */
    @Test
    void neverMoreThanTheLimitInAnyFiftyNineSeconds() {
        int limit = 30;
        RateLimiter limiter = new RateLimiter();
        Random random = new Random(42);
        List<Long> allowedAtMillis = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 20_000; i++) {
            // bursts and lulls: mostly close together, sometimes a long gap
            t += random.nextInt(10) == 0 ? random.nextInt(20_000) : random.nextInt(300);
            if (limiter.tryAcquire(KeyKind.TUNNEL, "t", limit, MINUTE, T0.plusMillis(t)).allowed()) {
                allowedAtMillis.add(t);
            }
        }
        int worst = 0;
        int start = 0;
        for (int end = 0; end < allowedAtMillis.size(); end++) {
            while (allowedAtMillis.get(end) - allowedAtMillis.get(start) >= 59_000) {
                start++;
            }
            worst = Math.max(worst, end - start + 1);
        }
        int worstFullMinute = 0;
        start = 0;
        for (int end = 0; end < allowedAtMillis.size(); end++) {
            while (allowedAtMillis.get(end) - allowedAtMillis.get(start) >= 60_000) {
                start++;
            }
            worstFullMinute = Math.max(worstFullMinute, end - start + 1);
        }
        System.out.printf("limit %d/min over %.1f simulated minutes: %d allowed; most in any 59 s: %d, in any 60 s: %d%n",
            limit, t / 60_000.0, allowedAtMillis.size(), worst, worstFullMinute);
        assertThat(worst).isLessThanOrEqualTo(limit);
        assertThat(worstFullMinute).isLessThanOrEqualTo(2 * limit);
        assertThat(allowedAtMillis.size()).as("the limit is actually reached, not just respected").isGreaterThan((int) (t / 60_000) * limit / 2);
    }

    @Test
    void perSecondAndPerHourWindowsWorkTheSameWay() {
        RateLimiter limiter = new RateLimiter();
        Duration second = Duration.ofSeconds(1);
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "s", 2, second, T0).allowed()).isTrue();
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "s", 2, second, T0.plusMillis(100)).allowed()).isTrue();
        RateLimiter.Outcome third = limiter.tryAcquire(KeyKind.TUNNEL, "s", 2, second, T0.plusMillis(200));
        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfter()).as("never less than a second").isEqualTo(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "s", 2, second, T0.plusMillis(1_000)).allowed()).isTrue();

        Duration hour = Duration.ofHours(1);
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "h", 1, hour, T0).allowed()).isTrue();
        RateLimiter.Outcome again = limiter.tryAcquire(KeyKind.TUNNEL, "h", 1, hour, T0.plusSeconds(600));
        assertThat(again.allowed()).isFalse();
        assertThat(again.retryAfter()).isEqualTo(Duration.ofSeconds(3000));
    }

    @Test
    void aFrozenEnvironmentResumesWithItsOldSlotsExpired() {
        RateLimiter limiter = new RateLimiter();
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire(KeyKind.TUNNEL, "t", 3, MINUTE, T0);
        }
        // a Lambda environment frozen for an hour: the wall clock jumped
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 3, MINUTE, T0.plus(Duration.ofHours(1))).allowed()).isTrue();
    }

    @Test
    void aClockThatGoesBackCountsInTheNewestSlotInsteadOfReopeningOldOnes() {
        RateLimiter limiter = new RateLimiter();
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 2, MINUTE, T0.plusSeconds(30)).allowed()).isTrue();
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 2, MINUTE, T0).allowed()).isTrue();
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 2, MINUTE, T0).allowed()).isFalse();
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 2, MINUTE, T0.plusSeconds(89)).allowed()).isFalse();
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "t", 2, MINUTE, T0.plusSeconds(90)).allowed()).isTrue();
    }

    @Test
    void concurrentCallersGetExactlyTheLimitBetweenThem() throws Exception {
        RateLimiter limiter = new RateLimiter();
        int limit = 500;
        int threads = 16;
        int attemptsEach = 100;
        AtomicInteger allowed = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int a = 0; a < attemptsEach; a++) {
                        if (limiter.tryAcquire(KeyKind.TUNNEL, "shared", limit, MINUTE, T0.plusMillis(a)).allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(allowed.get()).isEqualTo(limit);
    }

    @Test
    void memoryIsBoundedAndCallersCannotPushOutATunnelsCount() {
        RateLimiter limiter = new RateLimiter(10, 100);
        limiter.tryAcquire(KeyKind.TUNNEL, "tunnel", 1, MINUTE, T0);
        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire(KeyKind.CALLER, "caller-" + i, 1, MINUTE, T0);
        }
        assertThat(limiter.size()).isEqualTo(101);
        assertThat(limiter.tryAcquire(KeyKind.TUNNEL, "tunnel", 1, MINUTE, T0).allowed()).as("still counted").isFalse();
        assertThat(limiter.tryAcquire(KeyKind.CALLER, "caller-9999", 1, MINUTE, T0).allowed()).as("recent caller kept").isFalse();
        assertThat(limiter.tryAcquire(KeyKind.CALLER, "caller-0", 1, MINUTE, T0).allowed()).as("oldest caller pushed out, starts afresh").isTrue();
        assertThatThrownBy(() -> new RateLimiter(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
