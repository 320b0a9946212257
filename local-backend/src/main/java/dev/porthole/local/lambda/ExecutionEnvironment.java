package dev.porthole.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.porthole.local.lambda.crac.EnvironmentHooks;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Instant;
import java.util.Map;

/**
 * One execution environment: the function's code in its own class loader (or marked as this environment's when
 * shared), one handler instance, its SnapStart hooks, and its life: starting, busy with exactly one invocation,
 * idle (frozen, when the runtime freezes), gone.
 */
final class ExecutionEnvironment {
    private static final System.Logger LOG = System.getLogger(ExecutionEnvironment.class.getName());

    enum State { STARTING, BUSY, IDLE, GONE }

    private final String id;
    private final ClassLoader loader;
    private final EnvironmentHooks hooks;
    private RequestStreamHandler handler;
    private State state = State.STARTING;
    private int invocations;
    private Instant reclaimAt = Instant.MAX;

    ExecutionEnvironment(String id, ClassLoader loader) {
        this.id = id;
        this.loader = loader;
        this.hooks = new EnvironmentHooks(id);
    }

    String id() {
        return id;
    }

    ClassLoader loader() {
        return loader;
    }

    EnvironmentHooks hooks() {
        return hooks;
    }

    RequestStreamHandler handler() {
        return handler;
    }

    synchronized State state() {
        return state;
    }

    synchronized void state(State next) {
        state = next;
    }

    /** Counts the invocation about to run; true for the environment's first. */
    synchronized boolean beginInvocation() {
        state = State.BUSY;
        return invocations++ == 0;
    }

    synchronized Instant reclaimAt() {
        return reclaimAt;
    }

    synchronized void reclaimAt(Instant when) {
        reclaimAt = when;
    }

    /** The function's init: loads the handler class and constructs it, as this environment's code. */
    void initialise(FunctionSpec function) throws ReflectiveOperationException {
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try (EnvironmentHooks.Scope ignored = hooks.enter()) {
            Class<?> type = Class.forName(function.handlerClass(), true, loader);
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalStateException(function.handler() + " is not a RequestStreamHandler");
            }
            Map<String, String> variables = function.environmentOf(id);
            try {
                // the environment is passed in, since a JVM cannot set its own environment variables
                Constructor<?> withEnvironment = type.getConstructor(Map.class);
                handler = (RequestStreamHandler) withEnvironment.newInstance(variables);
            } catch (NoSuchMethodException e) {
                handler = (RequestStreamHandler) type.getConstructor().newInstance();
            }
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        } finally {
            current.setContextClassLoader(before);
        }
    }

    /** Runs code as this environment's: its class loader on the thread, its hooks the ones that register. */
    <T> T run(ThrowingSupplier<T> work) throws Exception {
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try (EnvironmentHooks.Scope ignored = hooks.enter()) {
            return work.get();
        } finally {
            current.setContextClassLoader(before);
        }
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /**
     * Ends the environment. Nothing of the function runs at the end of an environment on AWS (no shutdown hook for
     * Java without extensions); here its resources are released so the emulator does not keep them, which the
     * gateway hides from the other side when the end is meant to be abrupt.
     */
    void discard() {
        synchronized (this) {
            if (state == State.GONE) {
                return;
            }
            state = State.GONE;
        }
        if (handler instanceof AutoCloseable closeable) {
            try {
                run(() -> {
                    closeable.close();
                    return null;
                });
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "releasing environment {0}: {1}", id, e.toString());
            }
        }
        // the class loader is not closed: an invocation that timed out may still be running its code, and a closed
        // loader would fail it with NoClassDefFoundError; it goes with the last reference to it
    }

    @Override
    public String toString() {
        return "ExecutionEnvironment[" + id + ", " + state() + "]";
    }
}
