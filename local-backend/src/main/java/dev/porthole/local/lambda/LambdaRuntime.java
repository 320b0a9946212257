package dev.porthole.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the function the way Lambda does: each invocation gets the event's exact JSON bytes on a
 * {@link RequestStreamHandler}, in an execution environment — one handler instance with its own clients,
 * caches and relay — that is reused by later invocations and created (a cold start) when none is free.
 * Past {@code maxEnvironments}, invocations share environments (as Lambda's multi-concurrency mode does),
 * so a small machine is not flooded with instances.
 */
public final class LambdaRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LambdaRuntime.class.getName());

    private final FunctionSpec function;
    private final int maxEnvironments;
    private final Consumer<Invocation> listener;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<Environment> idle = new ArrayDeque<>();
    private final List<Environment> all = new ArrayList<>();
    private final ClassLoader code;
    private int running;

    public LambdaRuntime(FunctionSpec function, int maxEnvironments, Consumer<Invocation> listener) {
        this.function = function;
        this.maxEnvironments = maxEnvironments;
        this.listener = listener;
        this.code = function.code().<ClassLoader>map(jar -> new FunctionClassLoader(jar, LambdaRuntime.class.getClassLoader()))
            .orElse(LambdaRuntime.class.getClassLoader());
    }

    /** Invokes the function with {@code event}; fails with {@link LambdaException} if it throws or times out. */
    public CompletableFuture<byte[]> invoke(byte[] event) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        synchronized (this) {
            running++;
        }
        threads.execute(() -> {
            try {
                run(event, result);
            } finally {
                synchronized (this) {
                    running--;
                    notifyAll();
                }
            }
        });
        return result.orTimeout(function.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof java.util.concurrent.TimeoutException
                ? new LambdaException("Task timed out after " + function.timeout().toSeconds() + " seconds", e)
                : e));
    }

    private void run(byte[] event, CompletableFuture<byte[]> result) {
        String requestId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        Environment environment = null;
        boolean cold = false;
        try {
            Acquired acquired = acquire();
            environment = acquired.environment();
            cold = acquired.cold();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            environment.handler.handleRequest(new ByteArrayInputStream(event), out,
                new LocalContext(requestId, function, started.plus(function.timeout())));
            byte[] response = out.toByteArray();
            listener.accept(new Invocation(requestId, started, Duration.between(started, Instant.now()), event, response, null, cold));
            result.complete(response);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "the function failed: " + e, e);
            listener.accept(new Invocation(requestId, started, Duration.between(started, Instant.now()), event, null, String.valueOf(e), cold));
            result.completeExceptionally(new LambdaException("the function failed: " + e, e));
        } finally {
            if (environment != null) {
                release(environment);
            }
        }
    }

    private record Acquired(Environment environment, boolean cold) {
    }

    private Acquired acquire() throws ReflectiveOperationException {
        synchronized (this) {
            Environment reused = idle.pollFirst();
            if (reused != null) {
                reused.inFlight++;
                return new Acquired(reused, false);
            }
            if (all.size() >= maxEnvironments) {
                Environment shared = all.stream().min(Comparator.comparingInt(e -> e.inFlight)).orElseThrow();
                shared.inFlight++;
                return new Acquired(shared, false);
            }
        }
        // a cold start runs outside the lock, as Lambda initialises environments in parallel
        Environment fresh = new Environment(newHandler());
        synchronized (this) {
            fresh.inFlight++;
            all.add(fresh);
        }
        return new Acquired(fresh, true);
    }

    private synchronized void release(Environment environment) {
        environment.inFlight--;
        if (environment.inFlight == 0 && all.contains(environment)) {
            idle.addFirst(environment);
        }
    }

    private RequestStreamHandler newHandler() throws ReflectiveOperationException {
        Class<?> type = Class.forName(function.handlerClass(), true, code);
        if (!RequestStreamHandler.class.isAssignableFrom(type)) {
            throw new IllegalStateException(function.handler() + " is not a RequestStreamHandler");
        }
        try {
            // the environment is passed in, since a JVM cannot set its own environment variables
            Constructor<?> withEnvironment = type.getConstructor(Map.class);
            return (RequestStreamHandler) withEnvironment.newInstance(function.environment());
        } catch (NoSuchMethodException e) {
            return (RequestStreamHandler) type.getConstructor().newInstance();
        }
    }

    /** How many execution environments exist now. */
    public synchronized int environments() {
        return all.size();
    }

    /** Stops after the invocations under way have finished (a last $disconnect, say), waiting at most 5 s. */
    @Override
    public void close() {
        List<Environment> environments;
        synchronized (this) {
            long deadline = System.currentTimeMillis() + 5_000;
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
        for (Environment environment : environments) {
            if (environment.handler instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing an execution environment: {0}", e.toString());
                }
            }
        }
        threads.shutdownNow();
        if (code instanceof FunctionClassLoader isolated) {
            try {
                isolated.close();
            } catch (java.io.IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the function's class loader: {0}", e.toString());
            }
        }
    }

    private static final class Environment {
        final RequestStreamHandler handler;
        int inFlight;

        Environment(RequestStreamHandler handler) {
            this.handler = handler;
        }
    }
}
