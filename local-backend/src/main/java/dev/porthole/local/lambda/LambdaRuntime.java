package dev.porthole.local.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the function the way on-demand Lambda does:
 * <ul>
 *   <li>each execution environment runs <b>one invocation at a time</b>; a free (idle) one is reused, otherwise a new
 *       one starts — a cold start, which takes {@link RuntimeSettings#coldStart()} ±20 %;</li>
 *   <li>past the concurrency limit an invocation is <b>throttled</b> at once ({@code TooManyRequestsException}), never
 *       queued — what the caller sees is API Gateway's business;</li>
 *   <li>an invocation past the function's timeout fails and <b>its environment is discarded</b>;</li>
 *   <li>with SnapStart, the function is initialised once at {@link #start()} and its {@code beforeCheckpoint} hooks
 *       run (the snapshot; an initialisation that leaves threads or connections behind is refused), and every new
 *       environment runs {@code afterRestore};</li>
 *   <li>with freezing on, an idle environment receives nothing until its next invocation (the gateway holds its
 *       connections' frames, told through {@link EnvironmentListener}) and is reclaimed abruptly after a random
 *       5–15 minutes (scalable); without it, idle environments are let go gracefully after the same time;</li>
 *   <li>events and responses over the payload limit are refused as Lambda refuses them.</li>
 * </ul>
 * Each invocation is reported to the listener with its environment and whether it waited for a cold start.
 */
public final class LambdaRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LambdaRuntime.class.getName());
    /** Makes the function's {@code org.crac} register its SnapStart hooks with this runtime. */
    static final String CRAC_COMPAT_PROPERTY = "org.crac.Core.Compat";
    private static final double COLD_START_JITTER = 0.2;

    static {
        if (System.getProperty(CRAC_COMPAT_PROPERTY) == null) {
            System.setProperty(CRAC_COMPAT_PROPERTY, "dev.porthole.local.lambda.crac");
        }
    }

    /** What the gateway needs to know about environments' lives, to hold or drop their connections' frames. */
    public interface EnvironmentListener {
        /** An idle environment was taken for an invocation: deliver what waited for it. */
        default void thawed(String environmentId) {
        }

        /** The environment's invocation ended and it is frozen until the next one. */
        default void frozen(String environmentId) {
        }

        /**
         * The environment is gone. {@code abrupt}: reclaimed while frozen, its connections dropped without a close
         * frame, so the far end only notices at its own idle timeout; otherwise its connections end normally.
         */
        default void ended(String environmentId, boolean abrupt) {
        }
    }

    private final FunctionSpec function;
    private final RuntimeSettings settings;
    private final Consumer<Invocation> listener;
    private final FunctionCode code;
    private final List<EnvironmentListener> environmentListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lambda-runtime-timer");
        t.setDaemon(true);
        return t;
    });
    /** Idle environments, most recently used first (Lambda keeps reusing the warmest). */
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final List<ExecutionEnvironment> all = new ArrayList<>();
    private final AtomicInteger environmentNumbers = new AtomicInteger();
    private int active;
    private int running;
    private boolean closed;
    private volatile Duration snapshotInitTime = Duration.ZERO;

    public LambdaRuntime(FunctionSpec function, RuntimeSettings settings, Consumer<Invocation> listener) {
        this.function = function;
        this.settings = settings;
        this.listener = listener;
        this.code = new FunctionCode(function.code(), settings.isolated(), LambdaRuntime.class.getClassLoader());
        long every = Math.max(20, Math.min(1000, settings.reclaimAfterMin().toMillis() / 10));
        timer.scheduleAtFixedRate(this::reclaimExpired, every, every, TimeUnit.MILLISECONDS);
    }

    public RuntimeSettings settings() {
        return settings;
    }

    public void addEnvironmentListener(EnvironmentListener environmentListener) {
        environmentListeners.add(environmentListener);
    }

    /**
     * Takes the SnapStart snapshot when the function has SnapStart: initialises the function once and runs its
     * {@code beforeCheckpoint} hooks, as publishing a version does on AWS.
     *
     * @throws IllegalStateException when initialisation fails or leaves threads or connections behind, as a
     *                               version whose initialisation fails is never published
     */
    public void start() {
        start(Set.of());
    }

    /**
     * As {@link #start()}, counting only new connections to {@code functionOnlyPorts} as left behind: the services
     * only the function talks to (its database, STS), where nothing else in this process can be connecting meanwhile.
     */
    public void start(Set<Integer> functionOnlyPorts) {
        if (!function.snapStart()) {
            return;
        }
        ExecutionEnvironment snapshot = new ExecutionEnvironment("snapshot", code.loaderFor("snapshot"));
        SnapshotCheck check = SnapshotCheck.begin(functionOnlyPorts);
        long started = System.nanoTime();
        try {
            snapshot.initialise(function);
            snapshot.run(() -> {
                snapshot.hooks().beforeCheckpoint();
                return null;
            });
        } catch (Exception e) {
            snapshot.discard();
            throw new IllegalStateException("the function's initialisation for the SnapStart snapshot failed: " + e, e);
        }
        snapshotInitTime = Duration.ofNanos(System.nanoTime() - started);
        List<String> leftovers = check.leftovers(snapshot.loader());
        snapshot.discard();
        if (!leftovers.isEmpty()) {
            throw new IllegalStateException("SnapStart: the function's initialisation and beforeCheckpoint hooks left "
                + String.join(", ", leftovers) + " behind. A snapshot would freeze them and every restored environment "
                + "would resume them; close them in beforeCheckpoint (or open them lazily, after restore).");
        }
        LOG.log(System.Logger.Level.DEBUG, "SnapStart snapshot taken in {0} ms with {1} hooks",
            snapshotInitTime.toMillis(), snapshot.hooks().registered());
    }

    /** How long the snapshot's initialisation and priming took (zero without SnapStart). */
    public Duration snapshotInitTime() {
        return snapshotInitTime;
    }

    /**
     * Invokes the function with {@code event}. Fails with a {@link LambdaException} when Lambda refuses the
     * invocation (throttled, too large) or the function fails (throws, times out, answers too much).
     */
    public CompletableFuture<byte[]> invoke(byte[] event) {
        String requestId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        if (settings.payloadLimit() > 0 && event.length > settings.payloadLimit()) {
            return refused(requestId, started, event, LambdaException.Kind.REQUEST_TOO_LARGE,
                event.length + " byte payload is too large for the RequestResponse invocation type (limit "
                    + settings.payloadLimit() + " bytes)");
        }
        ExecutionEnvironment environment;
        boolean cold;
        synchronized (this) {
            if (closed) {
                return refused(requestId, started, event, LambdaException.Kind.FUNCTION_ERROR, "the runtime is shutting down");
            }
            environment = idle.pollFirst();
            cold = environment == null;
            if (cold && active >= settings.concurrency()) {
                environment = null;
            } else if (cold) {
                String id = "env-" + environmentNumbers.incrementAndGet();
                environment = new ExecutionEnvironment(id, code.loaderFor(id));
                all.add(environment);
            }
            if (environment != null) {
                environment.state(ExecutionEnvironment.State.BUSY);
                active++;
                running++;
            }
        }
        if (environment == null) {
            return refused(requestId, started, event, LambdaException.Kind.THROTTLED, "Rate Exceeded.");
        }
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        ExecutionEnvironment chosen = environment;
        threads.execute(() -> run(chosen, cold, requestId, started, event, result));
        return result;
    }

    private CompletableFuture<byte[]> refused(String requestId, Instant started, byte[] event, LambdaException.Kind kind, String message) {
        listener.accept(new Invocation(requestId, "", started, Duration.between(started, Instant.now()), false, Duration.ZERO,
            false, event, null, kind, message));
        return CompletableFuture.failedFuture(new LambdaException(kind, message));
    }

    private void run(ExecutionEnvironment environment, boolean cold, String requestId, Instant started, byte[] event,
                     CompletableFuture<byte[]> result) {
        Duration coldStartTime = Duration.ZERO;
        try {
            if (cold) {
                try {
                    startEnvironment(environment);
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "an execution environment failed to start: " + e, e);
                    end(environment, false);
                    finish(result, new Invocation(requestId, environment.id(), started, Duration.between(started, Instant.now()),
                        true, Duration.between(started, Instant.now()), true, event, null, LambdaException.Kind.FUNCTION_ERROR,
                        "init failed: " + e), null);
                    releaseSlot();
                    return;
                }
                coldStartTime = Duration.between(started, Instant.now());
            } else if (settings.freeze()) {
                environmentListeners.forEach(l -> l.thawed(environment.id()));
            }
            invokeHandler(environment, cold, coldStartTime, requestId, started, event, result);
        } finally {
            synchronized (this) {
                running--;
                notifyAll();
            }
        }
    }

    /** A new environment: initialise (a restore from the snapshot, with SnapStart) and wait out the cold start. */
    private void startEnvironment(ExecutionEnvironment environment) throws Exception {
        long began = System.nanoTime();
        environment.initialise(function);
        if (function.snapStart()) {
            // a restore starts from the primed snapshot's state; with code of its own an environment is primed again to
            // get there, while shared code was warmed by the snapshot itself. Then the restore hooks run.
            environment.run(() -> {
                if (code.isolated()) {
                    environment.hooks().beforeCheckpoint();
                }
                environment.hooks().afterRestore();
                return null;
            });
        }
        long target = jittered(settings.coldStart()).toNanos();
        long left = target - (System.nanoTime() - began);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static Duration jittered(Duration base) {
        if (base.isZero()) {
            return base;
        }
        double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * COLD_START_JITTER;
        return Duration.ofNanos((long) (base.toNanos() * factor));
    }

    private void invokeHandler(ExecutionEnvironment environment, boolean cold, Duration coldStartTime, String requestId,
                               Instant started, byte[] event, CompletableFuture<byte[]> result) {
        boolean first = environment.beginInvocation();
        AtomicBoolean over = new AtomicBoolean();
        Thread handlerThread = Thread.currentThread();
        Duration timeout = function.timeout();
        var watchdog = timer.schedule(() -> {
            if (over.compareAndSet(false, true)) {
                String message = "Task timed out after " + timeout.toSeconds() + " seconds";
                LOG.log(System.Logger.Level.WARNING, "{0}; its execution environment {1} is discarded", message, environment.id());
                end(environment, false);
                releaseSlot();
                handlerThread.interrupt();
                finish(result, new Invocation(requestId, environment.id(), started, Duration.between(started, Instant.now()), cold,
                    coldStartTime, first, event, null, LambdaException.Kind.TIMEOUT, message), null);
            }
        }, Math.max(1, timeout.toMillis() - Duration.between(started, Instant.now()).toMillis()), TimeUnit.MILLISECONDS);
        byte[] response = null;
        Throwable failure = null;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            environment.run(() -> {
                environment.handler().handleRequest(new ByteArrayInputStream(event), out,
                    new LocalContext(requestId, function, started.plus(timeout)));
                return null;
            });
            response = out.toByteArray();
        } catch (Throwable e) {
            failure = e;
        }
        watchdog.cancel(false);
        if (!over.compareAndSet(false, true)) {
            return; // timed out meanwhile: the caller already has its answer and the environment is gone
        }
        Instant ended = Instant.now();
        Duration duration = Duration.between(started, ended);
        if (failure != null) {
            LOG.log(System.Logger.Level.WARNING, "the function failed: " + failure, failure);
            finish(result, new Invocation(requestId, environment.id(), started, duration, cold, coldStartTime, first, event, null,
                LambdaException.Kind.FUNCTION_ERROR, String.valueOf(failure)), failure);
        } else if (settings.payloadLimit() > 0 && response.length > settings.payloadLimit()) {
            finish(result, new Invocation(requestId, environment.id(), started, duration, cold, coldStartTime, first, event, null,
                LambdaException.Kind.RESPONSE_TOO_LARGE, "Response payload size (" + response.length
                    + " bytes) exceeded maximum allowed payload size (" + settings.payloadLimit() + " bytes)."), null);
        } else {
            // the environment is free again before the caller has the answer, as when Lambda returns a response
            idleAgain(environment);
            listener.accept(new Invocation(requestId, environment.id(), started, duration, cold, coldStartTime, first, event,
                response, null, null));
            result.complete(response);
            return;
        }
        idleAgain(environment);
    }

    private void finish(CompletableFuture<byte[]> result, Invocation failed, Throwable cause) {
        listener.accept(failed);
        result.completeExceptionally(new LambdaException(failed.failure(), failed.error(), cause));
    }

    private synchronized void releaseSlot() {
        active--;
    }

    private void idleAgain(ExecutionEnvironment environment) {
        boolean frozen;
        synchronized (this) {
            active--;
            if (environment.state() == ExecutionEnvironment.State.GONE || closed) {
                return;
            }
            environment.state(ExecutionEnvironment.State.IDLE);
            long min = settings.reclaimAfterMin().toMillis();
            long max = settings.reclaimAfterMax().toMillis();
            environment.reclaimAt(Instant.now().plusMillis(min + (max > min ? ThreadLocalRandom.current().nextLong(max - min + 1) : 0)));
            idle.addFirst(environment);
            frozen = settings.freeze();
        }
        if (frozen) {
            environmentListeners.forEach(l -> l.frozen(environment.id()));
        }
    }

    private void reclaimExpired() {
        Instant now = Instant.now();
        List<ExecutionEnvironment> expired = new ArrayList<>();
        synchronized (this) {
            for (ExecutionEnvironment environment : idle) {
                if (!now.isBefore(environment.reclaimAt())) {
                    expired.add(environment);
                }
            }
            idle.removeAll(expired);
        }
        for (ExecutionEnvironment environment : expired) {
            LOG.log(System.Logger.Level.DEBUG, "reclaiming idle execution environment {0}", environment.id());
            end(environment, settings.freeze());
        }
    }

    /** Ends every idle environment now, as if each had been idle long enough (a test fault: "everything went cold"). */
    public void reclaimIdleEnvironments() {
        List<ExecutionEnvironment> expired;
        synchronized (this) {
            expired = new ArrayList<>(idle);
            idle.clear();
        }
        expired.forEach(environment -> end(environment, settings.freeze()));
    }

    private void end(ExecutionEnvironment environment, boolean abrupt) {
        synchronized (this) {
            all.remove(environment);
            idle.remove(environment);
        }
        environmentListeners.forEach(l -> l.ended(environment.id(), abrupt));
        environment.discard();
    }

    /** How many execution environments exist now (starting, busy or idle). */
    public synchronized int environments() {
        return all.size();
    }

    /** How many invocations hold an environment now. */
    public synchronized int activeInvocations() {
        return active;
    }

    /** Stops: lets running invocations finish for at most half a second, then ends every environment. */
    @Override
    public void close() {
        List<ExecutionEnvironment> environments;
        synchronized (this) {
            closed = true;
            long deadline = System.currentTimeMillis() + 500;
            while (running > 0 && System.currentTimeMillis() < deadline) {
                try {
                    wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            environments = new ArrayList<>(all);
            all.clear();
            idle.clear();
        }
        timer.shutdownNow();
        try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
            environments.forEach(environment -> closing.execute(environment::discard));
        }
        threads.shutdownNow();
    }
}
