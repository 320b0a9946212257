package dev.porthole.local;

import dev.porthole.backend.config.BackendConfig;
import dev.porthole.local.dynamodb.DynamoDbLocalServer;
import dev.porthole.local.gateway.Gateway;
import dev.porthole.local.gateway.WebSocketApi;
import dev.porthole.local.quota.Quotas;
import dev.porthole.local.sts.StsServer;
import dev.porthole.local.gateway.IamAuthorizer;
import dev.porthole.local.iam.LocalIam;
import dev.porthole.local.iam.apigateway.ApiAuthorization;
import dev.porthole.local.iam.sigv4.SignedRequest;
import dev.porthole.local.lambda.FunctionSpec;
import dev.porthole.local.lambda.LambdaRuntime;
import dev.porthole.local.testing.TestHooks;
import dev.porthole.local.wiring.BackendWiring;
import dev.porthole.local.wiring.TemplateWiring;
import dev.porthole.template.Template;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Porthole's backend on this computer: API Gateway's two APIs and the Management API on one port, the
 * Lambda function from lambda-backend running in-process exactly as it would on AWS, and DynamoDB Local —
 * all wired from the CloudFormation template. It is the app's default backend and the backend of every
 * end-to-end test.
 */
public final class LocalBackend implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalBackend.class.getName());

    private final Gateway gateway;
    private final DynamoDbLocalServer dynamoDb;
    private final StsServer sts;
    private final LambdaRuntime lambda;
    private final TestHooks hooks;
    private final URI websocketUrl;
    private final URI publicUrl;
    private final URI managementUrl;

    private LocalBackend(Gateway gateway, DynamoDbLocalServer dynamoDb, StsServer sts, LambdaRuntime lambda, TestHooks hooks,
                         URI websocketUrl, URI publicUrl, URI managementUrl) {
        this.gateway = gateway;
        this.dynamoDb = dynamoDb;
        this.sts = sts;
        this.lambda = lambda;
        this.hooks = hooks;
        this.websocketUrl = websocketUrl;
        this.publicUrl = publicUrl;
        this.managementUrl = managementUrl;
    }

    /**
     * Starts a backend. Binding the port comes first, so a port in use fails at once with an
     * {@link IOException} ({@link java.net.BindException}) and nothing else is started.
     */
    public static LocalBackend start(LocalBackendOptions options) throws IOException {
        return start(options, Template.load());
    }

    /**
     * Starts a backend wired from another template than the packaged one: the end-to-end tests use this to
     * show that a template the code does not match fails loudly.
     */
    public static LocalBackend start(LocalBackendOptions options, Template template) throws IOException {
        Gateway gateway = Gateway.bind(options.bindHost(), options.port(), options.clientLimits());
        DynamoDbLocalServer dynamoDb = null;
        StsServer sts = null;
        LambdaRuntime lambda = null;
        try {
            BackendWiring wiring = TemplateWiring.from(template, sha256Hex(options.token()));
            String advertised = options.advertisedHost().orElseGet(() -> advertisedHost(options.bindHost()));
            String authority = hostForUrl(advertised) + ":" + gateway.port();
            String stagePath = Gateway.stagePath(BackendWiring.AGENT_API, wiring.stageName());
            URI websocketUrl = URI.create("ws://" + authority + stagePath);
            URI publicUrl = URI.create("http://" + authority + "/");
            URI managementUrl = URI.create("http://" + authority + stagePath + "/@connections");
            // the function reaches its own APIs over loopback even when agents use a LAN address
            String loopback = "http://" + (isWildcard(options.bindHost()) ? "127.0.0.1" : hostForUrl(options.bindHost())) + ":" + gateway.port();
            String relayPath = Gateway.stagePath(BackendWiring.RELAY_API, wiring.webSocketApi(BackendWiring.RELAY_API).stage());
            URI functionWebsocketUrl = URI.create(loopback.replaceFirst("^http", "ws") + stagePath);
            URI functionRelayUrl = URI.create(loopback.replaceFirst("^http", "ws") + relayPath);

            LocalIam iam = LocalIam.fromTemplate(template, wiring.intrinsics(), TemplateWiring.ACCOUNT_ID, TemplateWiring.REGION, Clock.systemUTC());
            dynamoDb = DynamoDbLocalServer.start(options.dataDirectory(), iam, TemplateWiring.ACCOUNT_ID);
            dynamoDb.ensureTable(wiring.table());

            Map<String, String> environment = new LinkedHashMap<>(wiring.environment());
            // what differs on this computer: the URLs, no Lambda payload cap, DynamoDB Local and the local STS
            environment.put(BackendConfig.WEBSOCKET_URL, functionWebsocketUrl.toString());
            environment.put(BackendConfig.RELAY_URL, functionRelayUrl.toString());
            environment.put(BackendConfig.ANSWER_ENDPOINT, "http://" + authority + relayPath);
            environment.put(BackendConfig.PUBLIC_URL, publicUrl.toString());
            environment.put(BackendConfig.INVOKE_PAYLOAD_LIMIT, Long.toString(options.runtime().payloadLimit()));
            options.requestTimeout().ifPresent(t -> environment.put(BackendConfig.REQUEST_TIMEOUT_MS, Long.toString(t.toMillis())));
            environment.put(BackendConfig.DYNAMODB_ENDPOINT, dynamoDb.endpoint().toString());
            sts = StsServer.start(iam.sts());
            environment.put(BackendConfig.STS_ENDPOINT, sts.endpoint().toString());
            if (!options.runtime().freeze()) {
                // a laptop busy with other work can take longer than an AWS Region to answer a relay's check
                environment.put(BackendConfig.RELAY_PATIENCE_MS, "3000");
            }
            environment.putAll(options.functionOverrides());
            // what the Lambda runtime itself provides
            environment.put("AWS_REGION", DynamoDbLocalServer.REGION.id());
            environment.put("AWS_ACCESS_KEY_ID", iam.function().accessKeyId());
            environment.put("AWS_SECRET_ACCESS_KEY", iam.function().secretAccessKey());
            environment.put("AWS_LAMBDA_FUNCTION_NAME", wiring.functionName());
            environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(wiring.memoryMb()));

            RuntimeHolder holder = new RuntimeHolder();
            TestHooks hooks = new TestHooks(new TestHooks.Connections() {
                @Override
                public Set<String> open() {
                    return gateway.openConnections();
                }

                @Override
                public void drop(String connectionId) {
                    gateway.drop(connectionId);
                }

                @Override
                public void forget(String connectionId) {
                    gateway.forget(connectionId);
                }

                @Override
                public java.util.List<String> ownedBy(String environmentId) {
                    return gateway.connectionsOf(environmentId);
                }

                @Override
                public int executionEnvironments() {
                    return holder.runtime == null ? 0 : holder.runtime.environments();
                }

                @Override
                public long acceptedConnections(String apiLogicalId) {
                    return gateway.acceptedConnections(apiLogicalId);
                }

                @Override
                public int heldMessages(String connectionId) {
                    return gateway.heldMessages(connectionId);
                }

                @Override
                public void reclaimIdleEnvironments() {
                    if (holder.runtime != null) {
                        holder.runtime.reclaimIdleEnvironments();
                    }
                }
            }, iam);
            String relayBase = functionRelayUrl.toString();
            // each environment's relay URL names it, so the gateway knows whose connection a relay is (to hold its
            // frames while it is frozen); the function passes the URL on as it is
            lambda = new LambdaRuntime(new FunctionSpec(wiring.functionName(), wiring.handler(), environment,
                wiring.functionTimeout(), wiring.memoryMb(), options.functionJar(), wiring.snapStart(),
                id -> Map.of(BackendConfig.RELAY_URL, relayBase + "?" + WebSocketApi.ENVIRONMENT_PARAMETER + "=" + id)),
                options.runtime(), hooks);
            holder.runtime = lambda;
            lambda.start(java.util.Set.of(dynamoDb.endpoint().getPort(), sts.endpoint().getPort()));
            gateway.start(wiring, lambda, new Gateway.Settings(authority, options.integrationTimeout(), options.idleTimeout(),
                options.maxConnectionAge(), options.quotas() ? Quotas.on() : Quotas.webSocketStagesOnly(), hooks.managementApiObserver(),
                apiGatewayAuthorizer(iam)),
                TemplateWiring.ACCOUNT_ID, TemplateWiring.REGION);
            // the function's Management API calls are answered in process, through the same checks (docs/architecture.md)
            gateway.serveInProcess(URI.create(loopback).getAuthority());
            LOG.log(System.Logger.Level.INFO, "local backend ready: {0}", publicUrl);
            return new LocalBackend(gateway, dynamoDb, sts, lambda, hooks, websocketUrl, publicUrl, managementUrl);
        } catch (Exception e) {
            closeQuietly(gateway);
            closeQuietly(lambda);
            closeQuietly(dynamoDb);
            closeQuietly(sts);
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("the local backend could not start: " + e.getMessage(), e);
        }
    }

    /** API Gateway's IAM check (SigV4 and the caller's policy), as the gateway asks it. */
    private static IamAuthorizer apiGatewayAuthorizer(LocalIam iam) {
        return (request, action, resourceArn) -> switch (iam.apiGateway().authorize(request, action, resourceArn)) {
            case ApiAuthorization.Authorized allowed -> Optional.empty();
            case ApiAuthorization.Refused refused -> Optional.of(new IamAuthorizer.Refusal(refused.status(), refused.errorType(), refused.body()));
        };
    }

    private static final class RuntimeHolder {
        volatile LambdaRuntime runtime;
    }

    /** Where agents connect, e.g. {@code ws://127.0.0.1:8080/_porthole/ws/local}. */
    public URI websocketUrl() {
        return websocketUrl;
    }

    /** The public base URL; a tunnel's URL is this plus its ID and a slash. */
    public URI publicUrl() {
        return publicUrl;
    }

    /** The Management API, e.g. {@code http://127.0.0.1:8080/_porthole/ws/local/@connections}. */
    public URI managementUrl() {
        return managementUrl;
    }

    /** The endpoint of the DynamoDB Local inside, for tests that inspect the table. */
    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public TestHooks hooks() {
        return hooks;
    }

    @Override
    public void close() {
        closeQuietly(gateway);
        closeQuietly(lambda);
        closeQuietly(dynamoDb);
        closeQuietly(sts);
    }

    static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** The address to put in URLs: the bind address, or this computer's LAN address when listening everywhere. */
    private static String advertisedHost(String bindHost) {
        if (!isWildcard(bindHost)) {
            return bindHost;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list network interfaces: {0}", e.getMessage());
        }
        return "127.0.0.1";
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "while stopping: {0}", e.toString());
        }
    }
}
