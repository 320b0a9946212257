package dev.porthole.agent;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.ExchangeRecorder;
import dev.porthole.agent.capture.Timings;
import dev.porthole.agent.forward.ErrorPages;
import dev.porthole.agent.forward.IncomingRequest;
import dev.porthole.agent.forward.LocalForwarder;
import dev.porthole.agent.forward.LocalResponse;
import dev.porthole.agent.tunnel.BackendConnection;
import dev.porthole.agent.tunnel.RequestHandler;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.Unavailability;
import dev.porthole.protocol.AnsweredByRule;
import dev.porthole.protocol.RequestHead;
import dev.porthole.protocol.ResponseHead;

import dev.porthole.protocol.HttpHeaders;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Takes each public request off the connection's reading thread and forwards it on one of a fixed number of
 * forwarding threads; requests beyond that wait in a bounded queue, and beyond the queue get a 503 at once.
 * A slow request holds one thread, never the others. The answer goes back on the connection the request came
 * from, and the exchange is recorded.
 */
final class Dispatcher implements RequestHandler, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    private final LocalForwarder forwarder;
    private final ExchangeRecorder recorder;
    private final Supplier<String> tunnelId;
    private final Supplier<URI> publicUrl;
    private final ThreadPoolExecutor pool;
    private final int concurrency;
    private final TrafficPolicy policy;
    /**
     * Kept requests already forwarded: the backend delivers them at least once, so one answered just as the
     * connection dropped comes again and must not reach the local service twice.
     */
    private final Set<String> forwardedCaught = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    }));

    Dispatcher(AgentOptions options, LocalForwarder forwarder, ExchangeRecorder recorder, Supplier<String> tunnelId,
               Supplier<URI> publicUrl) {
        this.forwarder = forwarder;
        this.recorder = recorder;
        this.tunnelId = tunnelId;
        this.publicUrl = publicUrl;
        this.concurrency = options.concurrency();
        this.policy = options.policy();
        BlockingQueue<Runnable> queue = options.queueCapacity() == 0
            ? new SynchronousQueue<>() : new LinkedBlockingQueue<>(options.queueCapacity());
        // Virtual threads: a forward mostly waits on the local service, and a pool of this size grows to its full
        // size on a burst (a new worker per request until it has `concurrency` of them); platform threads would each
        // keep a native stack of up to a megabyte resident until they time out.
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS, queue,
            Thread.ofVirtual().name("porthole-forward-", 1).factory());
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void onRequest(BackendConnection connection, RequestHead head, byte[] body, Instant receivedAt) {
        if (head.caught() && !forwardedCaught.add(head.id())) {
            connection.respond(new ResponseHead(head.id(), 200, HttpHeaders.EMPTY, 0, "", false), new byte[0]);
            return;
        }
        Instant caughtAt = head.caught() ? Instant.ofEpochMilli(head.caughtAt()) : null;
        IncomingRequest request = new IncomingRequest(head.method(), head.target(), head.headers(), head.prefix(),
            body, publicUrl.get());
        try {
            pool.execute(() -> answer(connection, head.id(), request, caughtAt, receivedAt,
                forwarder.forward(request, connection.maxBodyBytes()), head.policy()));
        } catch (RejectedExecutionException e) {
            answer(connection, head.id(), request, caughtAt, receivedAt,
                ErrorPages.busy(concurrency, pool.getQueue().size(), Instant.now()), head.policy());
        }
    }

    /**
     * A request the tunnel's rules refused or answered in the backend: it is logged as it was received, with the answer
     * the caller got. Its body never came here: the capture holds none, but says how large it was when the request
     * said so, so a replay refuses it as captured only in part.
     */
    @Override
    public void onAnsweredByRule(AnsweredByRule notice) {
        long declared = notice.headers().first("content-length").map(Dispatcher::length).orElse(0L);
        CapturedRequest captured = new CapturedRequest(notice.method(), notice.target(), notice.headers(),
            new CapturedBody(new byte[0], declared), notice.prefix());
        HttpHeaders responseHeaders = notice.code() == null ? HttpHeaders.EMPTY : HttpHeaders.of("X-Porthole-Error", notice.code());
        Instant at = Instant.ofEpochMilli(notice.receivedAt());
        String policy = notice.skipped() == 0 ? notice.policy()
            : notice.policy() + " (and " + notice.skipped() + " earlier request" + (notice.skipped() == 1 ? "" : "s") + " kept by the rules, not shown)";
        recorder.record(tunnelId.get(), captured, notice.status(), responseHeaders, new byte[0],
            new Timings(at, at, null, at), null, null, policy);
    }

    /**
     * What the rules did, and — when the agent answered for a local service that is down and the tunnel's rules have a
     * fallback for that — that the backend gave the caller the fallback instead (the agent's own answer is what it
     * replaced).
     */
    private String withFallback(String summary, LocalResponse response) {
        if (summary == null) {
            return null;
        }
        return response.headers().first(ErrorPages.ERROR_HEADER)
            .flatMap(Unavailability::ofErrorCode)
            .filter(why -> why == Unavailability.LOCAL_SERVICE_DOWN)
            .flatMap(policy::fallbackFor)
            .map(fallback -> summary + "; the caller got rule " + (policy.rules().indexOf(fallback) + 1) + " (fallback-response)'s "
                + fallback.response().status() + " instead")
            .orElse(summary);
    }

    private static long length(String value) {
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void answer(BackendConnection connection, String id, IncomingRequest request, Instant caughtAt, Instant receivedAt,
                        LocalResponse response, String summary) {
        String undelivered = connection.respond(
            new ResponseHead(id, response.status(), response.headers(), 0, "", false), response.body());
        Instant completed = Instant.now();
        if (undelivered != null) {
            LOG.log(System.Logger.Level.INFO, "{0} {1}: {2}", request.method(), request.target(), undelivered);
        }
        String error = response.error() == null ? undelivered
            : undelivered == null ? response.error() : response.error() + "; " + undelivered;
        CapturedRequest captured = recorder.request(request.method(), request.target(), request.headers(),
            request.body(), request.prefix(), caughtAt);
        recorder.record(tunnelId.get(), captured, response.status(), response.headers(), response.body(),
            new Timings(receivedAt, response.sentToLocal(), response.localAnswered(), completed), error, null,
            withFallback(summary, response));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
