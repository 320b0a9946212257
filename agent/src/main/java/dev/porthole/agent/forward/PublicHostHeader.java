package dev.porthole.agent.forward;

/**
 * Once needed to let the agent send the caller's public Host ({@link dev.porthole.agent.AgentOptions.HostHeader#PUBLIC}):
 * the JDK's HTTP client refuses a Host of the caller's choosing unless the JVM allows it. The agent now forwards with
 * an HTTP client of its own ({@link dev.porthole.agent.forward.http.Http1Client}), which sends whatever Host the
 * header rules give it, so nothing needs allowing: {@link #enable()} does nothing and {@link #allowed()} is always true.
 */
@Deprecated(forRemoval = true)
public final class PublicHostHeader {
    private PublicHostHeader() {
    }

    /** Nothing to enable any more; kept so that code calling it keeps compiling. */
    public static void enable() {
    }

    /** Always true: the agent's own HTTP client sends the public Host in every JVM. */
    public static boolean allowed() {
        return true;
    }
}
