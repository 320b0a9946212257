package dev.porthole.backend.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many messages one agent connection may send: a token bucket per connection, so one token holder flooding its
 * connection (pings by the thousand) costs the backend almost nothing per message past its budget and cannot hold up
 * other tunnels. An agent sends a ping every two minutes, {@code ready} once and {@code renew} about hourly, so the
 * budget is far above anything an agent needs.
 *
 * <p>Each execution environment counts what it sees. API Gateway spreads one connection's messages over
 * environments, but the WebSocket stage's throttle (50 a second) keeps a flood to the few Lambda keeps warm, where
 * each sees more than its budget within seconds; a count shared in DynamoDB would cost a write per message for
 * every honest agent to catch nothing more.
 */
final class MessageBudget {
    /** Messages a connection may send at once. */
    static final int BURST = 20;
    /** Messages per second the budget refills with. */
    static final double PER_SECOND = 1;
    /** Past this many ignored messages in a row the connection is closed: it is not an agent behaving as one. */
    static final int CLOSE_AFTER_IGNORED = 50;
    /** Connections remembered per environment; the least recently heard from are forgotten first. */
    private static final int REMEMBERED = 10_000;

    enum Verdict {
        /** Within budget: handle it. */
        ACCEPT,
        /** Over budget, the first time lately: ignore it and tell the agent once. */
        IGNORE_AND_TELL,
        /** Over budget again: ignore it quietly. */
        IGNORE,
        /** Far over budget: close the connection. */
        CLOSE
    }

    private static final class Bucket {
        double tokens = BURST;
        long refilledAt;
        /** Messages ignored since the connection last had a full budget. */
        int ignoredInARow;
        boolean closed;
    }

    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > REMEMBERED;
        }
    };

    MessageBudget(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    synchronized Verdict charge(String connectionId) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(connectionId, id -> {
            Bucket fresh = new Bucket();
            fresh.refilledAt = now;
            return fresh;
        });
        bucket.tokens = Math.min(BURST, bucket.tokens + (now - bucket.refilledAt) / 1e9 * PER_SECOND);
        bucket.refilledAt = now;
        if (bucket.tokens >= BURST) {
            bucket.ignoredInARow = 0; // it has been quiet long enough to refill: any flood is over
        }
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Verdict.ACCEPT;
        }
        bucket.ignoredInARow++;
        if (bucket.ignoredInARow == 1) {
            return Verdict.IGNORE_AND_TELL;
        }
        if (bucket.ignoredInARow >= CLOSE_AFTER_IGNORED && !bucket.closed) {
            bucket.closed = true; // once: what is still in flight after the close is ignored
            return Verdict.CLOSE;
        }
        return Verdict.IGNORE;
    }

}
