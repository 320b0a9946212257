package dev.porthole.agent.capture;

import dev.porthole.agent.Subscription;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeLogTest {

    private static Exchange exchange(String id, int bodyBytes) {
        Instant t = Instant.now();
        return new Exchange(id, "t", new CapturedRequest("GET", "/" + id, HttpHeaders.EMPTY, CapturedBody.of(new byte[bodyBytes], bodyBytes)),
            new CapturedResponse(200, HttpHeaders.EMPTY, CapturedBody.EMPTY), new Timings(t, t, t, t), null, null);
    }

    @Test
    void dropsTheOldestExchangesWhenCapturedBodiesExceedTheByteBudget() {
        ExchangeLog log = new ExchangeLog(100, 1_000);
        log.add(exchange("1", 400));
        log.add(exchange("2", 400));
        log.add(exchange("3", 400));

        assertThat(log.snapshot()).extracting(Exchange::id).containsExactly("2", "3");
    }

    @Test
    void keepsTheNewestExchangeEvenWhenItAloneIsOverTheBudget() {
        ExchangeLog log = new ExchangeLog(100, 1_000);
        log.add(exchange("1", 10));
        log.add(exchange("2", 5_000));

        assertThat(log.snapshot()).extracting(Exchange::id).containsExactly("2");
    }

    @Test
    void listenersHearEachNewExchangeUntilTheyUnsubscribeAndOneFailingListenerDoesNotStopTheOthers() {
        ExchangeLog log = new ExchangeLog(10, 1_000_000);
        List<String> heard = new ArrayList<>();
        log.subscribe(e -> {
            throw new IllegalStateException("a broken listener");
        });
        Subscription subscription = log.subscribe(e -> heard.add(e.id()));

        log.add(exchange("1", 0));
        subscription.close();
        log.add(exchange("2", 0));

        assertThat(heard).containsExactly("1");
        assertThat(log.find("2")).isNotNull();
        assertThat(log.find("nope")).isNull();
    }
}
