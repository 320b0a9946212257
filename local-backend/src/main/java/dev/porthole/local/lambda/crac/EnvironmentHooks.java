package dev.porthole.local.lambda.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * The SnapStart hooks one execution environment registered, run the way Lambda runs them: {@code beforeCheckpoint}
 * in reverse order of registration before the snapshot, {@code afterRestore} in order of registration in every
 * environment restored from it.
 */
public final class EnvironmentHooks {
    private static final System.Logger LOG = System.getLogger(EnvironmentHooks.class.getName());
    private static final ThreadLocal<EnvironmentHooks> CURRENT = new ThreadLocal<>();

    private final String environmentId;
    private final List<Resource> resources = new ArrayList<>();

    public EnvironmentHooks(String environmentId) {
        this.environmentId = environmentId;
    }

    /** Makes this environment the one whose code runs on this thread until the returned scope is closed. */
    public Scope enter() {
        EnvironmentHooks previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** A region of code run for one environment. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    static void registerForCurrentEnvironment(Resource resource) {
        EnvironmentHooks hooks = CURRENT.get();
        if (hooks == null) {
            LOG.log(System.Logger.Level.WARNING, "a SnapStart resource registered outside any execution environment's code; its hooks will not run");
            return;
        }
        synchronized (hooks) {
            hooks.resources.add(resource);
        }
    }

    public synchronized int registered() {
        return resources.size();
    }

    public void beforeCheckpoint() throws Exception {
        List<Resource> reversed;
        synchronized (this) {
            reversed = new ArrayList<>(resources);
        }
        java.util.Collections.reverse(reversed);
        for (Resource resource : reversed) {
            resource.beforeCheckpoint(Core.getGlobalContext());
        }
    }

    public void afterRestore() throws Exception {
        List<Resource> inOrder;
        synchronized (this) {
            inOrder = new ArrayList<>(resources);
        }
        for (Resource resource : inOrder) {
            resource.afterRestore(Core.getGlobalContext());
        }
    }

    @Override
    public String toString() {
        return "EnvironmentHooks[" + environmentId + ", " + registered() + " resources]";
    }
}
