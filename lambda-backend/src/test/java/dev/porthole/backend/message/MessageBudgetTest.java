package dev.porthole.backend.message;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class MessageBudgetTest {
    private final AtomicLong now = new AtomicLong();
    private final MessageBudget budget = new MessageBudget(now::get);

    @Test
    void aBurstIsAcceptedThenTheRestIgnoredTellingTheAgentOnce() {
        for (int i = 0; i < MessageBudget.BURST; i++) {
            assertThat(budget.charge("a")).isEqualTo(MessageBudget.Verdict.ACCEPT);
        }
        assertThat(budget.charge("a")).isEqualTo(MessageBudget.Verdict.IGNORE_AND_TELL);
        assertThat(budget.charge("a")).isEqualTo(MessageBudget.Verdict.IGNORE);
        assertThat(budget.charge("b")).as("another connection has its own budget").isEqualTo(MessageBudget.Verdict.ACCEPT);
    }

    @Test
    void theBudgetRefillsWithTimeAndAFloodAtTheRefillRateIsStillOneStreak() {
        for (int i = 0; i <= MessageBudget.BURST; i++) {
            budget.charge("a");
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(3));
        for (int i = 0; i < (int) (3 * MessageBudget.PER_SECOND); i++) {
            assertThat(budget.charge("a")).isEqualTo(MessageBudget.Verdict.ACCEPT);
        }
        assertThat(budget.charge("a")).as("not told again: the flood never stopped").isEqualTo(MessageBudget.Verdict.IGNORE);

        now.addAndGet(TimeUnit.SECONDS.toNanos((long) (MessageBudget.BURST / MessageBudget.PER_SECOND) + 1));
        for (int i = 0; i < MessageBudget.BURST; i++) {
            assertThat(budget.charge("a")).isEqualTo(MessageBudget.Verdict.ACCEPT);
        }
        assertThat(budget.charge("a")).as("after a quiet spell, a new streak").isEqualTo(MessageBudget.Verdict.IGNORE_AND_TELL);
    }

    @Test
    void aFloodTrickledAtTheRefillRateIsStillClosed() {
        int closes = 0;
        for (int i = 0; i < 5_000 && closes == 0; i++) {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100)); // ten a second against a refill of one
            if (budget.charge("trickle") == MessageBudget.Verdict.CLOSE) {
                closes++;
            }
        }
        assertThat(closes).isEqualTo(1);
    }

    @Test
    void aConnectionThatGoesOnIsClosedOnce() {
        int closes = 0;
        for (int i = 0; i < MessageBudget.BURST + MessageBudget.CLOSE_AFTER_IGNORED + 500; i++) {
            if (budget.charge("flood") == MessageBudget.Verdict.CLOSE) {
                closes++;
            }
        }
        assertThat(closes).isEqualTo(1);
    }

    @Test
    void anAgentsOwnPaceIsNeverOverBudget() {
        // ready and a renew at once, then a ping every two minutes, for a day
        assertThat(budget.charge("agent")).isEqualTo(MessageBudget.Verdict.ACCEPT);
        assertThat(budget.charge("agent")).isEqualTo(MessageBudget.Verdict.ACCEPT);
        for (int minute = 0; minute < 24 * 60; minute += 2) {
            now.addAndGet(TimeUnit.MINUTES.toNanos(2));
            assertThat(budget.charge("agent")).isEqualTo(MessageBudget.Verdict.ACCEPT);
        }
    }
}
