package dev.porthole.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a local backend.
 *
 * @param bindHost           the address to listen on: 127.0.0.1 for this computer only, 0.0.0.0 for the LAN
 * @param advertisedHost     the host name put in the URLs; empty = the bind host, or this computer's LAN
 *                           address when binding all interfaces
 * @param port               0 for any free port
 * @param token              the agent token agents must present; only its SHA-256 reaches the function
 * @param dataDirectory      where DynamoDB Local keeps its file, so tunnels and reserved IDs survive a
 *                           restart; empty = in memory
 * @param idleTimeout        API Gateway closes a WebSocket after this long without messages (10 min)
 * @param maxConnectionAge   and after this long in any case (2 h)
 * @param integrationTimeout the HTTP API's integration timeout (30 s), after which the caller gets 503
 * @param requestTimeout     overrides PORTHOLE_REQUEST_TIMEOUT_MS from the template (the function's own
 *                           deadline for an agent's answer); empty = the template's value
 * @param maxEnvironments    how many Lambda execution environments (handler instances) to create before
 *                           invocations start sharing them
 * @param functionJar        run the function from this deployment jar (isolated, as Lambda would) instead
 *                           of from this classpath
 */
public record LocalBackendOptions(String bindHost, Optional<String> advertisedHost, int port, String token,
                                  Optional<Path> dataDirectory, Duration idleTimeout, Duration maxConnectionAge,
                                  Duration integrationTimeout, Optional<Duration> requestTimeout, int maxEnvironments,
                                  Optional<Path> functionJar) {

    public static final Duration AWS_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration AWS_MAX_CONNECTION_AGE = Duration.ofHours(2);
    public static final Duration AWS_INTEGRATION_TIMEOUT = Duration.ofSeconds(30);

    public LocalBackendOptions {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the agent token must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxEnvironments < 1) {
            throw new IllegalArgumentException("maxEnvironments must be at least 1");
        }
    }

    /** In memory, on loopback, on any free port, with AWS's limits: what tests start from. */
    public static LocalBackendOptions inMemory(String token) {
        return new LocalBackendOptions("127.0.0.1", Optional.empty(), 0, token, Optional.empty(),
            AWS_IDLE_TIMEOUT, AWS_MAX_CONNECTION_AGE, AWS_INTEGRATION_TIMEOUT, Optional.empty(), 4, Optional.empty());
    }

    public LocalBackendOptions withPort(int newPort) {
        return new LocalBackendOptions(bindHost, advertisedHost, newPort, token, dataDirectory, idleTimeout, maxConnectionAge,
            integrationTimeout, requestTimeout, maxEnvironments, functionJar);
    }

    public LocalBackendOptions withBindHost(String host) {
        return new LocalBackendOptions(host, advertisedHost, port, token, dataDirectory, idleTimeout, maxConnectionAge,
            integrationTimeout, requestTimeout, maxEnvironments, functionJar);
    }

    public LocalBackendOptions withAdvertisedHost(String host) {
        return new LocalBackendOptions(bindHost, Optional.of(host), port, token, dataDirectory, idleTimeout, maxConnectionAge,
            integrationTimeout, requestTimeout, maxEnvironments, functionJar);
    }

    public LocalBackendOptions withDataDirectory(Path directory) {
        return new LocalBackendOptions(bindHost, advertisedHost, port, token, Optional.of(directory), idleTimeout, maxConnectionAge,
            integrationTimeout, requestTimeout, maxEnvironments, functionJar);
    }

    public LocalBackendOptions withConnectionLimits(Duration idle, Duration maxAge) {
        return new LocalBackendOptions(bindHost, advertisedHost, port, token, dataDirectory, idle, maxAge,
            integrationTimeout, requestTimeout, maxEnvironments, functionJar);
    }

    public LocalBackendOptions withTimeouts(Duration integration, Duration request) {
        return new LocalBackendOptions(bindHost, advertisedHost, port, token, dataDirectory, idleTimeout, maxConnectionAge,
            integration, Optional.of(request), maxEnvironments, functionJar);
    }

    public LocalBackendOptions withMaxEnvironments(int environments) {
        return new LocalBackendOptions(bindHost, advertisedHost, port, token, dataDirectory, idleTimeout, maxConnectionAge,
            integrationTimeout, requestTimeout, environments, functionJar);
    }

    public LocalBackendOptions withFunctionJar(Path jar) {
        return new LocalBackendOptions(bindHost, advertisedHost, port, token, dataDirectory, idleTimeout, maxConnectionAge,
            integrationTimeout, requestTimeout, maxEnvironments, Optional.of(jar));
    }
}
