package dev.porthole.agent.forward;

import java.net.http.HttpRequest;

/**
 * Whether this JVM lets the agent send the caller's public Host to the local service
 * ({@link dev.porthole.agent.AgentOptions.HostHeader#PUBLIC}).
 *
 * <p>The JDK's HTTP client treats Host as a restricted header: it sets it from the URI and refuses one from the
 * caller unless the system property {@code jdk.httpclient.allowRestrictedHeaders} lists {@code host}, and it
 * reads that property once, when its classes are first initialised. So the property must be set before
 * anything in the JVM uses {@code java.net.http}: either on the command line
 * ({@code java -Djdk.httpclient.allowRestrictedHeaders=host ...}) or by calling {@link #enable()} first thing
 * in {@code main}. The agent's command line does the latter; an embedding app must do one of the two.
 * Allowing it changes nothing for requests that do not set Host themselves.
 */
public final class PublicHostHeader {
    static final String PROPERTY = "jdk.httpclient.allowRestrictedHeaders";

    private PublicHostHeader() {
    }

    /**
     * Adds {@code host} to {@code jdk.httpclient.allowRestrictedHeaders}. Effective only when called before the
     * JVM's first use of {@code java.net.http}; {@link #allowed()} tells whether it was in time.
     */
    public static void enable() {
        String current = System.getProperty(PROPERTY, "").trim();
        if (!current.toLowerCase(java.util.Locale.ROOT).matches("(.*,)?\\s*host\\s*(,.*)?")) {
            System.setProperty(PROPERTY, current.isEmpty() ? "host" : current + ",host");
        }
    }

    /** Whether the JDK's HTTP client accepts a Host header from the agent in this JVM. */
    public static boolean allowed() {
        try {
            HttpRequest.newBuilder().header("Host", "probe.invalid");
            return true;
        } catch (IllegalArgumentException restricted) {
            return false;
        }
    }

    /** @throws IllegalStateException saying how to allow it, when {@link #allowed()} is false */
    public static void requireAllowed() {
        if (!allowed()) {
            throw new IllegalStateException("keeping the public Host header needs the JVM option -D" + PROPERTY
                + "=host (or a call to PublicHostHeader.enable() before anything uses java.net.http); "
                + "without it the local service would see its own host instead");
        }
    }
}
