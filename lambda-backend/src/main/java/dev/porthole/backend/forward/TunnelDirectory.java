package dev.porthole.backend.forward;

import dev.porthole.backend.store.Tunnel;
import dev.porthole.backend.store.TunnelPolicy;
import dev.porthole.backend.store.TunnelStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which connection serves a tunnel, remembered for a short while in this execution environment so a warm
 * request reads no table at all. A stale entry costs one failed post: the caller then {@link #forget}s it
 * and looks again.
 */
public final class TunnelDirectory {
    /** Online tunnels: long enough to spare most lookups, short enough to notice a move without a failed post. */
    public static final Duration ONLINE_TTL = Duration.ofSeconds(30);
    /** Unknown and offline names: asset paths like {@code /static/app.js} would otherwise read the table each time. */
    static final Duration MISS_TTL = Duration.ofSeconds(3);
    private static final int MAX_ENTRIES = 10_000;

    public sealed interface Lookup {
        TunnelPolicy policy();

        record Online(String connectionId, TunnelPolicy policy) implements Lookup {
        }

        record Offline(TunnelPolicy policy) implements Lookup {
        }

        record Unknown() implements Lookup {
            @Override
            public TunnelPolicy policy() {
                return TunnelPolicy.OPEN;
            }
        }
    }

    private record Entry(Lookup lookup, Instant fetchedAt, Instant until) {
    }

    private final TunnelStore store;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public TunnelDirectory(TunnelStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Lookup lookup(String tunnelId) {
        Instant now = clock.instant();
        Entry cached = entries.get(tunnelId);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.lookup();
        }
        Optional<Tunnel> tunnel = store.tunnel(tunnelId);
        Lookup lookup = tunnel.<Lookup>map(t -> t.connectionId().<Lookup>map(c -> new Lookup.Online(c, t.policy()))
                .orElse(new Lookup.Offline(t.policy())))
            .orElse(new Lookup.Unknown());
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        // a tunnel whose owner has not sent its ready is a matter of milliseconds: never remembered, so it opens at once
        Duration ttl = lookup.policy().rulesPending() ? Duration.ZERO : lookup instanceof Lookup.Online ? ONLINE_TTL : MISS_TTL;
        entries.put(tunnelId, new Entry(lookup, now, now.plus(ttl)));
        return lookup;
    }

    /** Looks the tunnel up in the table, whatever is remembered. */
    public Lookup refresh(String tunnelId) {
        forget(tunnelId);
        return lookup(tunnelId);
    }

    /** Looks the tunnel up in the table unless what is remembered was read less than {@code minAge} ago. */
    public Lookup recheck(String tunnelId, Duration minAge) {
        Entry cached = entries.get(tunnelId);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.until()) && now.isBefore(cached.fetchedAt().plus(minAge))) {
            return cached.lookup();
        }
        return refresh(tunnelId);
    }

    public void forget(String tunnelId) {
        entries.remove(tunnelId);
    }
}
