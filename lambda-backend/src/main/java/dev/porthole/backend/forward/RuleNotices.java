package dev.porthole.backend.forward;

import dev.porthole.backend.aws.Connections;
import dev.porthole.policy.ratelimit.RateLimiter;
import dev.porthole.protocol.AnsweredByRule;
import dev.porthole.protocol.Limits;
import dev.porthole.protocol.MessageCodec;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells a connected agent about the requests its tunnel's rules refused or answered, so its log lists them too
 * ({@link AnsweredByRule}). Best effort, and never in the caller's way: the post runs on a thread of its own while the
 * caller gets its answer (on AWS it may finish only when the environment next runs), a failed post is forgotten, and a
 * flood of refusals — a scraper meeting a rate limit — is told at most {@value #PER_SECOND} a second per tunnel in this
 * environment, the rest counted in the next notice's {@code skipped}. Requests the rules let through cost nothing
 * here: what applied to them travels in their {@code request} message.
 */
final class RuleNotices {
    private static final System.Logger LOG = System.getLogger(RuleNotices.class.getName());
    static final int PER_SECOND = 10;

    private final Connections connections;
    private final RateLimiter limiter = new RateLimiter(1_000, 1);
    private final Map<String, AtomicInteger> skipped = new ConcurrentHashMap<>();

    RuleNotices(Connections connections) {
        this.connections = connections;
    }

    /** @param notice with {@code skipped} 0; the count of untold ones is filled in here */
    void tell(String agentConnection, String tunnelId, AnsweredByRule notice) {
        if (!limiter.tryAcquire(RateLimiter.KeyKind.TUNNEL, tunnelId, PER_SECOND, Duration.ofSeconds(1), Instant.now()).allowed()) {
            skipped.computeIfAbsent(tunnelId, k -> new AtomicInteger()).incrementAndGet();
            return;
        }
        AtomicInteger untold = skipped.remove(tunnelId);
        AnsweredByRule counted = new AnsweredByRule(notice.method(), notice.target(), notice.headers(), notice.prefix(),
            notice.sourceIp(), notice.receivedAt(), notice.status(), notice.code(), notice.policy(), untold == null ? 0 : untold.get());
        byte[] message = MessageCodec.encodeToBytes(counted);
        if (message.length > Limits.MAX_POSTED_MESSAGE_BYTES) {
            message = MessageCodec.encodeToBytes(counted.withoutHeaders());
        }
        byte[] text = message;
        Thread.ofVirtual().name("porthole-rule-notice").start(() -> {
            try {
                connections.post(agentConnection, text);
            } catch (RuntimeException e) {
                // what it carries is the caller's request: never in the log
                LOG.log(System.Logger.Level.DEBUG, "could not tell the agent of tunnel {0} about a request its rules kept: {1}",
                    tunnelId, e.getClass().getSimpleName());
            }
        });
    }
}
