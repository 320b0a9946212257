package dev.porthole.local.sdkhttp;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoints served in process, by the authority ({@code host:port}) the function's URLs name. Several local
 * backends may run in one JVM (tests do); each registers its own port, so a call reaches the backend whose URL it
 * names, as over the network.
 */
public final class InProcessEndpoints {
    private static final Map<String, InProcessEndpoint> BY_AUTHORITY = new ConcurrentHashMap<>();

    private InProcessEndpoints() {
    }

    /** Serves {@code authority} in process until the registration is closed. */
    public static Registration register(String authority, InProcessEndpoint endpoint) {
        if (BY_AUTHORITY.putIfAbsent(authority, endpoint) != null) {
            throw new IllegalStateException(authority + " is already served in process");
        }
        return () -> BY_AUTHORITY.remove(authority, endpoint);
    }

    static Optional<InProcessEndpoint> find(String authority) {
        return Optional.ofNullable(BY_AUTHORITY.get(authority));
    }

    /** Ends serving an authority in process. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
