package dev.porthole.local.lambda.crac;

/**
 * The entry point {@code org.crac} looks up ({@code getGlobalContext}, {@code checkpointRestore}). There is one
 * global context for the whole process, but what registers in it belongs to the execution environment that was
 * initialising or running on the registering thread: each environment has its own hooks, as each is its own JVM
 * on AWS.
 */
public final class Core {
    private static final Context<Resource> GLOBAL = new Context<>() {
        @Override
        public void register(Resource resource) {
            EnvironmentHooks.registerForCurrentEnvironment(resource);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            throw new UnsupportedOperationException("the runtime takes the snapshot; a function cannot ask for one");
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            throw new UnsupportedOperationException("the runtime restores; a function cannot ask for it");
        }
    };

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /** Lambda takes snapshots itself, when it publishes a version; a function asking for one is refused. */
    public static void checkpointRestore() {
        throw new UnsupportedOperationException("on Lambda, snapshots are taken when a version is published, not on request");
    }
}
