package dev.porthole.backend.auth;

import dev.porthole.protocol.BasicAuth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The Basic credentials this execution environment verified a moment ago, so that a tunnel's slow password digest
 * (PBKDF2, see {@link BasicAuth}) is computed once per caller rather than on every request of a page's worth of
 * assets. A drop-in for {@link BasicAuth#authorizes}.
 *
 * <p>Only successes are kept, each under a keyed hash of the pair (tunnel digest, {@code Authorization} value): a
 * success for one tunnel never counts for another (a password that opens the caller's own tunnel does not open
 * someone else's), a changed password (a new digest) starts afresh, and the memory holds no credentials — the key
 * is random, made on first use, and never leaves the instance. Entries expire after a while and the oldest go when
 * the cache is full, so it stays small. Failures are never kept: a wrong password always costs a full check, and
 * can never push the right ones out more than new successes would.
 */
public final class VerifiedCredentials {
    public static final int DEFAULT_CAPACITY = 1_000;
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(5);

    private final int capacity;
    private final long timeToLiveNanos;
    private final LongSupplier nanoClock;
    private final Map<ByteBuffer, Long> verifiedAt;
    private final AtomicLong fullChecks = new AtomicLong();
    private volatile SecretKeySpec key;

    public VerifiedCredentials() {
        this(DEFAULT_CAPACITY, DEFAULT_TIME_TO_LIVE, System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime()}, or a test's clock */
    public VerifiedCredentials(int capacity, Duration timeToLive, LongSupplier nanoClock) {
        if (capacity < 1 || timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("the cache needs a capacity of at least 1 and a positive time to live");
        }
        this.capacity = capacity;
        this.timeToLiveNanos = timeToLive.toNanos();
        this.nanoClock = nanoClock;
        this.verifiedAt = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Long> eldest) {
                return size() > VerifiedCredentials.this.capacity;
            }
        };
    }

    /** {@link BasicAuth#authorizes}, answered from the cache when these credentials passed for this digest recently. */
    public boolean authorizes(String digest, Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return false;
        }
        ByteBuffer entry = entryKey(digest, authorization.get());
        long now = nanoClock.getAsLong();
        synchronized (verifiedAt) {
            Long at = verifiedAt.get(entry);
            if (at != null && now - at < timeToLiveNanos) {
                return true;
            }
            verifiedAt.remove(entry);
        }
        fullChecks.incrementAndGet();
        boolean authorized = BasicAuth.authorizes(digest, authorization);
        if (authorized) {
            synchronized (verifiedAt) {
                verifiedAt.put(entry, now);
            }
        }
        return authorized;
    }

    /** How many checks were not answered from the cache: each one computed the digest. */
    public long fullChecks() {
        return fullChecks.get();
    }

    /** How many verified credentials are kept now. */
    public int size() {
        synchronized (verifiedAt) {
            return verifiedAt.size();
        }
    }

    /** HMAC-SHA256 of both values, each preceded by its length so that no two pairs can run together. */
    private ByteBuffer entryKey(String digest, String authorization) {
        byte[] d = digest.getBytes(StandardCharsets.UTF_8);
        byte[] a = authorization.getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            mac.update(ByteBuffer.allocate(4).putInt(d.length).array());
            mac.update(d);
            mac.update(ByteBuffer.allocate(4).putInt(a.length).array());
            mac.update(a);
            return ByteBuffer.wrap(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Made on first use, which comes after any SnapStart restore (no request runs before the snapshot): environments do not share it. */
    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                k = key;
                if (k == null) {
                    byte[] bytes = new byte[32];
                    new SecureRandom().nextBytes(bytes);
                    k = new SecretKeySpec(bytes, "HmacSHA256");
                    key = k;
                }
            }
        }
        return k;
    }
}
