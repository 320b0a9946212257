package dev.porthole.agent;

import dev.porthole.policy.TrafficPolicy;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything one tunnel agent needs: where the backend is, who it is, which local port it exposes and how
 * patient it is. Build one with {@link #builder(URI, String, int)}; every other setting has a default suited to
 * API Gateway's limits (10 minutes idle, 2 hours per connection, 29 seconds per request).
 *
 * @param backendUrl          the backend's WebSocket URL ({@code ws://} or {@code wss://}), e.g.
 *                            {@code wss://abc.execute-api.eu-west-1.amazonaws.com/porthole}
 * @param token               the agent token; never logged, never in {@link #toString()}
 * @param localHost           the host the local service listens on, {@code localhost} by default
 * @param localPort           the local port to expose
 * @param tunnelId            the tunnel ID to ask for (keeps the public URL across runs), or null for a random one
 * @param hostHeader          which Host the local service sees; see {@link HostHeader}
 * @param concurrency         how many requests are forwarded to the local service at once
 * @param queueCapacity       how many more wait for their turn before the agent answers 503
 * @param connectTimeout      for the WebSocket upgrade
 * @param establishTimeout    for the backend's {@code established} answer to {@code ready}
 * @param localTimeout        for the local service's whole response (then 504); keep it under the backend's 25 s
 * @param heartbeatInterval   how often the agent pings the backend; well inside API Gateway's 10-minute idle limit
 * @param pongTimeout         a ping unanswered for this long means the connection is dead
 * @param maxConnectionAge    when to open the next connection, before API Gateway's 2-hour limit closes this one
 * @param drainTimeout        how long a replaced connection may keep finishing its requests before it is closed
 * @param reconnectBaseDelay  the first wait after a connection is lost; doubled on each failed attempt
 * @param reconnectMaxDelay   the longest wait between attempts
 * @param takenGrace          how long a reconnect keeps retrying when the backend says the tunnel ID is taken
 *                            (its record of the lost connection can outlive the connection by up to API Gateway's
 *                            10-minute idle limit); a first connection fails at once
 * @param captureBodyBytes    how much of each body the inspector keeps
 * @param historySize         how many exchanges {@link TunnelAgent#exchanges()} keeps
 * @param historyBytes        how many captured body bytes it keeps in all
 * @param catchWhileOffline   ask the backend to keep requests that arrive while this tunnel is offline (answering
 *                            their callers 202) and deliver them when the agent is back
 * @param access              protection of the public URL, a {@link dev.porthole.protocol.BasicAuth#accessHeader} value
 *                            (only a digest of the password), or null for a URL open to anyone who has it
 * @param policy              the traffic rules the backend is to run on this tunnel's public requests
 *                            ({@link TrafficPolicy#NONE} for none); it carries webhook secrets, which
 *                            {@link #toString()} never shows
 */
public record AgentOptions(
    URI backendUrl,
    String token,
    String localHost,
    int localPort,
    String tunnelId,
    HostHeader hostHeader,
    int concurrency,
    int queueCapacity,
    Duration connectTimeout,
    Duration establishTimeout,
    Duration localTimeout,
    Duration heartbeatInterval,
    Duration pongTimeout,
    Duration maxConnectionAge,
    Duration drainTimeout,
    Duration reconnectBaseDelay,
    Duration reconnectMaxDelay,
    Duration takenGrace,
    int captureBodyBytes,
    int historySize,
    long historyBytes,
    boolean catchWhileOffline,
    String access,
    TrafficPolicy policy) {

    /** Requested tunnel IDs: 3 to 40 characters of lower-case letters, digits and inner hyphens (the backend's rule). */
    public static final Pattern TUNNEL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,38}[a-z0-9]");

    /** Which Host header the local service sees. */
    public enum HostHeader {
        /** {@code Host: <localHost>:<localPort>}, what most development servers expect. The public host is in X-Forwarded-Host. */
        LOCAL,
        /** The caller's public Host, unchanged (for virtual hosts and apps that build absolute URLs from Host). */
        PUBLIC
    }

    public AgentOptions {
        Objects.requireNonNull(backendUrl, "backendUrl");
        String scheme = backendUrl.getScheme() == null ? "" : backendUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("the backend URL must start with ws:// or wss://, got " + backendUrl);
        }
        if (backendUrl.getHost() == null) {
            throw new IllegalArgumentException("the backend URL has no host: " + backendUrl);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the agent token is missing");
        }
        localHost = localHost == null || localHost.isBlank() ? "localhost" : localHost;
        if (localPort < 1 || localPort > 65_535) {
            throw new IllegalArgumentException("the local port must be between 1 and 65535, got " + localPort);
        }
        if (tunnelId != null && !TUNNEL_ID.matcher(tunnelId).matches()) {
            throw new IllegalArgumentException("tunnel ID \"" + tunnelId
                + "\" is not valid: use 3 to 40 lower-case letters, digits or hyphens, starting and ending with a letter or digit");
        }
        hostHeader = hostHeader == null ? HostHeader.LOCAL : hostHeader;
        positive("concurrency", concurrency);
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity must not be negative");
        }
        positive("connectTimeout", connectTimeout);
        positive("establishTimeout", establishTimeout);
        positive("localTimeout", localTimeout);
        positive("heartbeatInterval", heartbeatInterval);
        positive("pongTimeout", pongTimeout);
        positive("maxConnectionAge", maxConnectionAge);
        positive("drainTimeout", drainTimeout);
        positive("reconnectBaseDelay", reconnectBaseDelay);
        positive("reconnectMaxDelay", reconnectMaxDelay);
        Objects.requireNonNull(takenGrace, "takenGrace");
        if (access != null && dev.porthole.protocol.BasicAuth.digestOf(access).isEmpty()) {
            throw new IllegalArgumentException("the access setting must come from BasicAuth.accessHeader");
        }
        if (captureBodyBytes < 0 || historySize < 1 || historyBytes < 0) {
            throw new IllegalArgumentException("capture limits must not be negative, and the history must hold at least one exchange");
        }
        policy = policy == null ? TrafficPolicy.NONE : policy;
    }

    public static Builder builder(URI backendUrl, String token, int localPort) {
        return new Builder(backendUrl, token, localPort);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** {@code http://localHost:localPort}, the local service's base URI. */
    public URI localBaseUri() {
        String host = localHost.contains(":") && !localHost.startsWith("[") ? "[" + localHost + "]" : localHost;
        return URI.create("http://" + host + ":" + localPort);
    }

    /** Without the token, which must never reach a log. */
    @Override
    public String toString() {
        return "AgentOptions[backendUrl=" + backendUrl + ", token=***, local=" + localBaseUri()
            + ", tunnelId=" + tunnelId + ", hostHeader=" + hostHeader + ", concurrency=" + concurrency
            + ", protected=" + (access != null) + ", catchWhileOffline=" + catchWhileOffline
            + ", policyRules=" + policy.rules().size() + "]";
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Defaults for everything but the backend, the token and the port. */
    public static final class Builder {
        private URI backendUrl;
        private String token;
        private String localHost = "localhost";
        private int localPort;
        private String tunnelId;
        private HostHeader hostHeader = HostHeader.LOCAL;
        private int concurrency = 32;
        private int queueCapacity = 1_000;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration establishTimeout = Duration.ofSeconds(10);
        private Duration localTimeout = Duration.ofSeconds(24);
        private Duration heartbeatInterval = Duration.ofMinutes(2);
        private Duration pongTimeout = Duration.ofSeconds(30);
        private Duration maxConnectionAge = Duration.ofMinutes(110);
        private Duration drainTimeout = Duration.ofSeconds(30);
        private Duration reconnectBaseDelay = Duration.ofMillis(250);
        private Duration reconnectMaxDelay = Duration.ofSeconds(30);
        private Duration takenGrace = Duration.ofMinutes(11);
        private int captureBodyBytes = 256 * 1024;
        private int historySize = 1_000;
        private long historyBytes = 64L * 1024 * 1024;
        private boolean catchWhileOffline;
        private String access;
        private TrafficPolicy policy = TrafficPolicy.NONE;

        private Builder(URI backendUrl, String token, int localPort) {
            this.backendUrl = backendUrl;
            this.token = token;
            this.localPort = localPort;
        }

        private Builder(AgentOptions o) {
            backendUrl = o.backendUrl;
            token = o.token;
            localHost = o.localHost;
            localPort = o.localPort;
            tunnelId = o.tunnelId;
            hostHeader = o.hostHeader;
            concurrency = o.concurrency;
            queueCapacity = o.queueCapacity;
            connectTimeout = o.connectTimeout;
            establishTimeout = o.establishTimeout;
            localTimeout = o.localTimeout;
            heartbeatInterval = o.heartbeatInterval;
            pongTimeout = o.pongTimeout;
            maxConnectionAge = o.maxConnectionAge;
            drainTimeout = o.drainTimeout;
            reconnectBaseDelay = o.reconnectBaseDelay;
            reconnectMaxDelay = o.reconnectMaxDelay;
            takenGrace = o.takenGrace;
            captureBodyBytes = o.captureBodyBytes;
            historySize = o.historySize;
            historyBytes = o.historyBytes;
            catchWhileOffline = o.catchWhileOffline;
            access = o.access;
            policy = o.policy;
        }

        public Builder backendUrl(URI value) { backendUrl = value; return this; }
        public Builder token(String value) { token = value; return this; }
        public Builder localHost(String value) { localHost = value; return this; }
        public Builder localPort(int value) { localPort = value; return this; }
        public Builder tunnelId(String value) { tunnelId = value; return this; }
        public Builder hostHeader(HostHeader value) { hostHeader = value; return this; }
        public Builder concurrency(int value) { concurrency = value; return this; }
        public Builder queueCapacity(int value) { queueCapacity = value; return this; }
        public Builder connectTimeout(Duration value) { connectTimeout = value; return this; }
        public Builder establishTimeout(Duration value) { establishTimeout = value; return this; }
        public Builder localTimeout(Duration value) { localTimeout = value; return this; }
        public Builder heartbeatInterval(Duration value) { heartbeatInterval = value; return this; }
        public Builder pongTimeout(Duration value) { pongTimeout = value; return this; }
        public Builder maxConnectionAge(Duration value) { maxConnectionAge = value; return this; }
        public Builder drainTimeout(Duration value) { drainTimeout = value; return this; }
        public Builder reconnectBaseDelay(Duration value) { reconnectBaseDelay = value; return this; }
        public Builder reconnectMaxDelay(Duration value) { reconnectMaxDelay = value; return this; }
        public Builder takenGrace(Duration value) { takenGrace = value; return this; }
        public Builder captureBodyBytes(int value) { captureBodyBytes = value; return this; }
        public Builder historySize(int value) { historySize = value; return this; }
        public Builder historyBytes(long value) { historyBytes = value; return this; }

        /** Keeps requests that arrive while the tunnel is offline, for delivery when it is back. */
        public Builder catchWhileOffline(boolean value) {
            catchWhileOffline = value;
            return this;
        }

        /**
         * Protects the public URL with a value made earlier by {@link dev.porthole.protocol.BasicAuth#accessHeader},
         * so an app can keep the digest instead of the password; null = open.
         */
        public Builder access(String accessHeader) {
            access = accessHeader;
            return this;
        }

        /** Protects the public URL: callers must log in with this user and password; null user = open. */
        public Builder basicAuth(String user, String password) {
            access = user == null ? null : dev.porthole.protocol.BasicAuth.accessHeader(user, password);
            return this;
        }

        /** The traffic rules for the backend to run on this tunnel's public requests; null or {@link TrafficPolicy#NONE} for none. */
        public Builder policy(TrafficPolicy value) {
            policy = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting that is wrong */
        public AgentOptions build() {
            return new AgentOptions(backendUrl, token, localHost, localPort, tunnelId, hostHeader, concurrency,
                queueCapacity, connectTimeout, establishTimeout, localTimeout, heartbeatInterval, pongTimeout,
                maxConnectionAge, drainTimeout, reconnectBaseDelay, reconnectMaxDelay, takenGrace, captureBodyBytes,
                historySize, historyBytes, catchWhileOffline, access, policy);
        }
    }
}
