package dev.porthole.policy.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts requests per key in a sliding window split into {@value #SLOTS} slots (a minute window: 60 one-second
 * slots), in memory, with no call to anything else: it runs inside each Lambda execution environment on every
 * public request.
 *
 * <p><b>Exactness within one environment (one JVM):</b> in any stretch of {@code window × 59/60} (59 s for a minute
 * window) at most {@code limit} requests are allowed; over a full window, at most {@code limit} plus those allowed
 * in its first slot. Refused requests do not count, so a caller that keeps retrying still gets {@code limit} per
 * window through. A frozen environment resumes with the wall clock, so its old slots have simply expired.
 *
 * <p><b>Memory:</b> a key costs about 300 bytes; per-tunnel keys and per-caller keys are held in two
 * least-recently-used maps of at most {@link #DEFAULT_TUNNEL_KEYS} and {@link #DEFAULT_CALLER_KEYS} keys, so callers
 * arriving from many addresses can only push out each other's counts, never a tunnel's. A key pushed out starts
 * again from zero.
 *
 * <p>Thread-safe (the local backend calls it from many threads at once).
 */
public final class RateLimiter {
    public static final int SLOTS = 60;
    public static final int DEFAULT_TUNNEL_KEYS = 1_000;
    public static final int DEFAULT_CALLER_KEYS = 20_000;

    private final Map<String, Window> tunnelKeys;
    private final Map<String, Window> callerKeys;

    public RateLimiter() {
        this(DEFAULT_TUNNEL_KEYS, DEFAULT_CALLER_KEYS);
    }

    /** With smaller maps, for tests of what happens when they are full. */
    public RateLimiter(int maxTunnelKeys, int maxCallerKeys) {
        this.tunnelKeys = lru(maxTunnelKeys);
        this.callerKeys = lru(maxCallerKeys);
    }

    private static Map<String, Window> lru(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a rate limiter must hold at least one key");
        }
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > max;
            }
        };
    }

    /** What became of one request. */
    public record Outcome(boolean allowed, Duration retryAfter) {
        static final Outcome ALLOWED = new Outcome(true, Duration.ZERO);

        static Outcome refused(Duration retryAfter) {
            return new Outcome(false, retryAfter);
        }
    }

    /** Which map a key goes in. */
    public enum KeyKind {
        /** A whole tunnel's count: few keys, never pushed out by callers. */
        TUNNEL,
        /** One caller's count within a tunnel: possibly many keys. */
        CALLER
    }

    /**
     * Counts one request for {@code key} if fewer than {@code limit} were allowed in the window ending {@code now};
     * otherwise refuses it and says when the next would be allowed.
     */
    public synchronized Outcome tryAcquire(KeyKind kind, String key, int limit, Duration window, Instant now) {
        Map<String, Window> map = kind == KeyKind.TUNNEL ? tunnelKeys : callerKeys;
        Window counts = map.get(key);
        long slotNanos = window.toNanos() / SLOTS;
        long slot = Math.floorDiv(epochNanos(now), slotNanos);
        if (counts == null || counts.slotNanos != slotNanos) {
            counts = new Window(slotNanos, slot);
            map.put(key, counts);
        }
        counts.advanceTo(slot);
        if (counts.total < limit) {
            counts.add(slot);
            return Outcome.ALLOWED;
        }
        return Outcome.refused(counts.untilBelow(limit, slot, now));
    }

    /** How many keys it holds, of both kinds. */
    public synchronized int size() {
        return tunnelKeys.size() + callerKeys.size();
    }

    private static long epochNanos(Instant now) {
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    /** One key's counts: a ring of slots, the newest being {@code newest}. */
    private static final class Window {
        final long slotNanos;
        final int[] counts = new int[SLOTS];
        long newest;
        int total;

        Window(long slotNanos, long slot) {
            this.slotNanos = slotNanos;
            this.newest = slot;
        }

        /** Forgets the slots that left the window. A clock that went back (another host's time) changes nothing. */
        void advanceTo(long slot) {
            if (slot <= newest) {
                return;
            }
            if (slot - newest >= SLOTS) {
                java.util.Arrays.fill(counts, 0);
                total = 0;
            } else {
                for (long s = newest + 1; s <= slot; s++) {
                    int i = (int) Math.floorMod(s, (long) SLOTS);
                    total -= counts[i];
                    counts[i] = 0;
                }
            }
            newest = slot;
        }

        void add(long slot) {
            // after advanceTo, a slot behind newest (clock went back) is counted in the newest one
            counts[(int) Math.floorMod(Math.max(slot, newest), (long) SLOTS)]++;
            total++;
        }

        /** How long until enough old slots leave the window for one more request; at least one second. */
        Duration untilBelow(int limit, long slot, Instant now) {
            long current = Math.max(slot, newest);
            int remaining = total;
            for (long s = current - SLOTS + 1; s <= current; s++) {
                remaining -= counts[(int) Math.floorMod(s, (long) SLOTS)];
                if (remaining < limit) {
                    // slot s leaves the window when slot s + SLOTS begins
                    long freeAt = Math.multiplyExact(s + SLOTS, slotNanos);
                    long wait = freeAt - epochNanos(now);
                    long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
                    return Duration.ofSeconds(seconds);
                }
            }
            return Duration.ofSeconds(Math.max(1, (SLOTS * slotNanos + 999_999_999L) / 1_000_000_000L));
        }
    }
}
