package dev.porthole.backend.relay;

import dev.porthole.backend.Randomness;
import dev.porthole.protocol.BodyChunk;
import dev.porthole.protocol.BodyHead;
import dev.porthole.protocol.ErrorMessage;
import dev.porthole.protocol.Message;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This execution environment's own WebSocket to the relay API, on which agents' answers reach the public requests
 * waiting here: an agent posts each answer straight to the relay connection named in its request's
 * {@code replyTo}, through the Management API, so no invocation of the function is needed on the way back (see
 * docs/architecture.md, "How a public request travels"). Opening a relay invokes nothing either: its {@code $connect}
 * is IAM-authorised with a MOCK integration.
 *
 * <p>It opens lazily — never during init, so no connection is frozen into a SnapStart snapshot — and can start
 * opening while a request is still being looked up ({@link #warmUp}). It is replaced before API Gateway's 2-hour
 * limit could close it under a waiting request, and checked before use when it has been quiet long enough that
 * API Gateway may have closed it while the environment was frozen.
 */
public final class Relay implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Relay.class.getName());
    static final Duration MAX_AGE = Duration.ofMinutes(100);
    private static final Duration CHECK_BEFORE_USE_TIMEOUT = Duration.ofSeconds(2);

    private final URI relayUrl;
    private final RelaySigning signing;
    private final Clock clock;
    private final long maxBodyBytes;
    private final Duration quietCheck;
    private final Duration patience;
    /** Five seconds on AWS; five times the patience where the local backend gives more. */
    private final Duration openTimeout;
    private final Map<String, PendingResponse> pending = new ConcurrentHashMap<>();
    /** Guards {@link #http} only: opening in the background must not wait for the relay's own lock. */
    private final Object httpLock = new Object();
    private HttpClient http;
    private RelayLink link;
    private CompletableFuture<RelayLink> opening;

    /**
     * @param quietCheck a relay quiet for this long is asked whether it works before a request relies on it
     * @param patience   while a request waits: how long its relay may be quiet before it is asked, and has to answer
     */
    public Relay(URI relayUrl, RelaySigning signing, Clock clock, long maxBodyBytes, Duration quietCheck, Duration patience) {
        this.relayUrl = relayUrl;
        this.signing = signing;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.quietCheck = quietCheck;
        this.patience = patience;
        Duration five = Duration.ofSeconds(5);
        this.openTimeout = patience.multipliedBy(5).compareTo(five) > 0 ? patience.multipliedBy(5) : five;
    }

    /** Starts opening the relay in the background if it is not open, so a request finds it ready. */
    public synchronized void warmUp() {
        if ((link == null || !usableWithoutCheck(link)) && opening == null) {
            opening = CompletableFuture.supplyAsync(() -> {
                try {
                    return open(openTimeout);
                } catch (RelayException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, task -> Thread.ofVirtual().name("relay-open").start(task));
        }
    }

    /**
     * Registers a waiter for the answer to a request about to be sent, under a fresh unguessable ID, on a relay
     * that works; opens or replaces the relay if needed, within the relay's open timeout and {@code timeLeft}. Call
     * {@link #forget} when done with it.
     */
    public PendingResponse expect(Duration timeLeft) throws RelayException {
        RelayLink current = usableLink(timeLeft.compareTo(openTimeout) < 0 ? timeLeft : openTimeout);
        byte[] nonce = new byte[16];
        Randomness.secure().nextBytes(nonce);
        PendingResponse waiter = new PendingResponse(Base64.getUrlEncoder().withoutPadding().encodeToString(nonce), current, maxBodyBytes, patience);
        pending.put(waiter.id(), waiter);
        if (current.isClosed()) {
            // closed between the check and the registration: fail now rather than wait out the deadline
            waiter.fail(RelayException.Kind.RELAY_LOST, "the relay connection closed");
        }
        return waiter;
    }

    public void forget(PendingResponse waiter) {
        pending.remove(waiter.id());
        RelayLink from = waiter.link();
        if (from.retiring() && pending.values().stream().noneMatch(w -> w.link() == from)) {
            from.close();
        }
    }

    /** How many requests wait here now; for tests and diagnostics. */
    public int waiting() {
        return pending.size();
    }

    private boolean usableWithoutCheck(RelayLink candidate) {
        return !candidate.isClosed() && candidate.connectionId() != null
            && Duration.between(candidate.openedAt(), clock.instant()).compareTo(MAX_AGE) < 0;
    }

    private synchronized RelayLink usableLink(Duration timeout) throws RelayException {
        if (link != null && usableWithoutCheck(link)
            && (link.quietFor().compareTo(quietCheck) < 0 || link.probe(CHECK_BEFORE_USE_TIMEOUT))) {
            return link;
        }
        if (link != null) {
            retire(link);
            link = null;
        }
        if (opening != null) {
            CompletableFuture<RelayLink> started = opening;
            opening = null;
            try {
                RelayLink opened = started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (usableWithoutCheck(opened)) {
                    link = opened;
                    return link;
                }
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "the relay opened in advance failed: {0}", e.getCause());
            } catch (TimeoutException e) {
                started.thenAccept(RelayLink::close);
                throw new RelayException(RelayException.Kind.RELAY_UNAVAILABLE, "the relay connection did not open within " + timeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RelayException(RelayException.Kind.RELAY_UNAVAILABLE, "interrupted while opening the relay", e);
            }
        }
        link = open(timeout);
        return link;
    }

    /** Closes a replaced link once no request waits on it any more, so none loses its answer. */
    private void retire(RelayLink old) {
        old.retire();
        if (pending.values().stream().noneMatch(w -> w.link() == old)) {
            old.close();
        }
    }

    private RelayLink open(Duration timeout) throws RelayException {
        HttpClient client;
        synchronized (httpLock) {
            if (http == null) {
                // The relay's messages are handed to their waiting requests on the client's selector thread itself:
                // a listener that only decodes and hands over needs no pool, and each answer then wakes one thread
                // (the waiting request's), not two. The client serves this one connection, so nothing else waits.
                http = HttpClient.newBuilder().connectTimeout(timeout).executor(Runnable::run).build();
            }
            client = http;
        }
        Map<String, String> headers;
        try {
            headers = signing.headersFor(relayUrl);
        } catch (RuntimeException e) {
            throw new RelayException(RelayException.Kind.RELAY_UNAVAILABLE, "cannot sign the relay's connection: " + e.getMessage(), e);
        }
        return RelayLink.open(client, relayUrl, headers, timeout, clock.instant(), this::dispatch, this::lost);
    }

    private void dispatch(RelayLink from, Message message) {
        String id = switch (message) {
            case BodyHead head -> head.id();
            case BodyChunk chunk -> chunk.id();
            case ErrorMessage error -> error.id();
            default -> null;
        };
        PendingResponse waiter = id == null ? null : pending.get(id);
        if (waiter != null) {
            waiter.accept(message);
        }
        // else: the request already ended (answered, timed out), or the ID is no request's: dropped
    }

    private void lost(RelayLink lost) {
        pending.values().stream().filter(w -> w.link() == lost)
            .forEach(w -> w.fail(RelayException.Kind.RELAY_LOST, "the relay connection closed while waiting"));
    }

    @Override
    public synchronized void close() {
        if (link != null) {
            link.close();
            link = null;
        }
        if (opening != null) {
            opening.thenAccept(RelayLink::close);
            opening = null;
        }
        synchronized (httpLock) {
            if (http != null) {
                http.close();
                http = null;
            }
        }
    }
}
