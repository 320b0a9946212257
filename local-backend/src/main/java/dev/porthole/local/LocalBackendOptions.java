package dev.porthole.local;

import dev.porthole.local.gateway.ClientLimits;
import dev.porthole.local.lambda.RuntimeSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to run a local backend. Start from {@link #inMemory(String)} and change what differs with the {@code with…}
 * methods.
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
 * @param runtime            how the Lambda runtime behaves: concurrency, cold starts, freezing, payload limit
 * @param quotas             whether API Gateway's quotas apply: stage throttles from the template, new
 *                           connections per second, the account-wide request rate
 * @param functionJar        run the function from this deployment jar (isolated, as Lambda would) instead
 *                           of from this classpath
 * @param functionOverrides  variables set on the function beyond the template's (tests: shorter intervals)
 * @param clientLimits       what one caller's TCP connection may take: header and body timeouts, connections per
 *                           address
 */
public record LocalBackendOptions(String bindHost, Optional<String> advertisedHost, int port, String token,
                                  Optional<Path> dataDirectory, Duration idleTimeout, Duration maxConnectionAge,
                                  Duration integrationTimeout, Optional<Duration> requestTimeout, RuntimeSettings runtime,
                                  boolean quotas, Optional<Path> functionJar, Map<String, String> functionOverrides,
                                  ClientLimits clientLimits) {

    public static final Duration AWS_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration AWS_MAX_CONNECTION_AGE = Duration.ofHours(2);
    public static final Duration AWS_INTEGRATION_TIMEOUT = Duration.ofSeconds(30);

    public LocalBackendOptions {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(clientLimits, "clientLimits");
        functionOverrides = Map.copyOf(functionOverrides);
        if (token.isBlank()) {
            throw new IllegalArgumentException("the agent token must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    /** In memory, on loopback, on any free port, with AWS's connection limits and the fast runtime: what tests start from. */
    public static LocalBackendOptions inMemory(String token) {
        return new LocalBackendOptions("127.0.0.1", Optional.empty(), 0, token, Optional.empty(),
            AWS_IDLE_TIMEOUT, AWS_MAX_CONNECTION_AGE, AWS_INTEGRATION_TIMEOUT, Optional.empty(), RuntimeSettings.fast(),
            false, Optional.empty(), Map.of(), ClientLimits.defaults());
    }

    /**
     * A new AWS account as it really behaves: concurrency 10, 1 s cold starts, freezing, the 6 MB payload limit,
     * and every API Gateway quota on.
     */
    public LocalBackendOptions likeAws() {
        return edit(o -> {
            o.runtime = RuntimeSettings.likeAws();
            o.quotas = true;
        });
    }

    public LocalBackendOptions withPort(int newPort) {
        return edit(o -> o.port = newPort);
    }

    public LocalBackendOptions withBindHost(String host) {
        return edit(o -> o.bindHost = host);
    }

    public LocalBackendOptions withAdvertisedHost(String host) {
        return edit(o -> o.advertisedHost = Optional.of(host));
    }

    public LocalBackendOptions withDataDirectory(Path directory) {
        return edit(o -> o.dataDirectory = Optional.of(directory));
    }

    public LocalBackendOptions withConnectionLimits(Duration idle, Duration maxAge) {
        return edit(o -> {
            o.idleTimeout = idle;
            o.maxConnectionAge = maxAge;
        });
    }

    public LocalBackendOptions withTimeouts(Duration integration, Duration request) {
        return edit(o -> {
            o.integrationTimeout = integration;
            o.requestTimeout = Optional.of(request);
        });
    }

    public LocalBackendOptions withRuntime(RuntimeSettings settings) {
        return edit(o -> o.runtime = settings);
    }

    public LocalBackendOptions withQuotas(boolean on) {
        return edit(o -> o.quotas = on);
    }

    public LocalBackendOptions withFunctionJar(Path jar) {
        return edit(o -> o.functionJar = Optional.of(jar));
    }

    /** Sets a variable of the function beyond the template's, e.g. a shorter interval for a test. */
    public LocalBackendOptions withFunctionVariable(String name, String value) {
        return edit(o -> {
            Map<String, String> more = new java.util.LinkedHashMap<>(o.functionOverrides);
            more.put(name, value);
            o.functionOverrides = more;
        });
    }

    public LocalBackendOptions withClientLimits(ClientLimits limits) {
        return edit(o -> o.clientLimits = limits);
    }

    private LocalBackendOptions edit(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new LocalBackendOptions(f.bindHost, f.advertisedHost, f.port, f.token, f.dataDirectory, f.idleTimeout,
            f.maxConnectionAge, f.integrationTimeout, f.requestTimeout, f.runtime, f.quotas, f.functionJar, f.functionOverrides,
            f.clientLimits);
    }

    /** The options as mutable fields, for the {@code with…} methods. */
    private static final class Fields {
        String bindHost;
        Optional<String> advertisedHost;
        int port;
        String token;
        Optional<Path> dataDirectory;
        Duration idleTimeout;
        Duration maxConnectionAge;
        Duration integrationTimeout;
        Optional<Duration> requestTimeout;
        RuntimeSettings runtime;
        boolean quotas;
        Optional<Path> functionJar;
        Map<String, String> functionOverrides;
        ClientLimits clientLimits;

        Fields(LocalBackendOptions o) {
            bindHost = o.bindHost;
            advertisedHost = o.advertisedHost;
            port = o.port;
            token = o.token;
            dataDirectory = o.dataDirectory;
            idleTimeout = o.idleTimeout;
            maxConnectionAge = o.maxConnectionAge;
            integrationTimeout = o.integrationTimeout;
            requestTimeout = o.requestTimeout;
            runtime = o.runtime;
            quotas = o.quotas;
            functionJar = o.functionJar;
            functionOverrides = o.functionOverrides;
            clientLimits = o.clientLimits;
        }
    }
}
