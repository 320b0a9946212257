package dev.porthole.local.testing;

import java.util.Map;
import java.util.TreeMap;

/**
 * The AWS calls made from one moment on, for tests and benchmarks: the function's, which pass the SDK's interceptor
 * ({@link AwsCallCounter}), and the agents' answer posts, which agents sign with their own client so the gateway
 * counts them ({@link TestHooks#managementCallsOverHttp()}). Both are posts to the Management API on AWS.
 */
public final class AwsCallCount {
    static final String POST_TO_CONNECTION = "ApiGatewayManagementApi.PostToConnection";

    private final TestHooks hooks;
    private final long agentPostsAtStart;

    private AwsCallCount(TestHooks hooks) {
        this.hooks = hooks;
        this.agentPostsAtStart = hooks.managementCallsOverHttp();
    }

    /** Starts counting now; the SDK's counter is shared by the process, so this resets it. */
    public static AwsCallCount startingNow(TestHooks hooks) {
        AwsCallCounter.reset();
        return new AwsCallCount(hooks);
    }

    /** The agents' answer posts since the start. */
    public long agentPosts() {
        return hooks.managementCallsOverHttp() - agentPostsAtStart;
    }

    /** Every call since the start by operation, the agents' posts counted with the function's. */
    public Map<String, Long> calls() {
        Map<String, Long> calls = new TreeMap<>(AwsCallCounter.calls());
        long agentPosts = agentPosts();
        if (agentPosts > 0) {
            calls.merge(POST_TO_CONNECTION, agentPosts, Long::sum);
        }
        return calls;
    }

    public long total() {
        return AwsCallCounter.total() + agentPosts();
    }
}
