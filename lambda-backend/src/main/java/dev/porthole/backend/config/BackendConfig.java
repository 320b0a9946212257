package dev.porthole.backend.config;

import dev.porthole.backend.aws.ManagementEndpoint;
import dev.porthole.protocol.Limits;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The function's settings, read from its environment variables. The template sets exactly
 * {@link #TEMPLATE_VARIABLES}; a test checks that it does.
 *
 * @param tokenSha256        SHA-256 of the agent token; the token itself never reaches AWS
 * @param functionSecret     the key only the function knows (generated at deployment), for what it signs
 * @param previousFunctionSecret the key it replaced at the last update, still accepted for what it signed
 * @param websocketUrl       the WebSocket API's URL with its stage: where relays connect, and what the
 *                           Management API endpoint is derived from
 * @param relayUrl           the relay WebSocket API's URL with its stage: where this environment's relay connects
 * @param answerRoleArn      the role whose temporary credentials agents post their answers to relays with
 * @param answerEndpoint     the Management API agents post answers to: the relay API's, derived from
 *                           {@code relayUrl} (the local backend may name an address its agents can reach)
 * @param publicUrl          the public base URL, ending with a slash
 * @param invokePayloadLimit Lambda's response size cap (0 = none, as on the local backend)
 * @param dynamoDbEndpoint   set only by the local backend (DynamoDB Local)
 * @param stsEndpoint        set only by the local backend (its STS)
 * @param relayQuietCheck    a relay quiet for longer proves it is alive before a request relies on it (it may have
 *                           died while the environment was frozen); the local backend may shorten it for tests
 * @param relayPatience      while a request waits, how long its relay may be quiet before it must prove it works,
 *                           and has to do so; the local backend lengthens it on a busy computer
 */
public record BackendConfig(String tableName, byte[] tokenSha256, byte[] functionSecret, Optional<byte[]> previousFunctionSecret,
                            URI websocketUrl, URI relayUrl, String answerRoleArn, URI answerEndpoint, URI publicUrl, long maxBodyBytes,
                            Duration requestTimeout, long invokePayloadLimit, Region region,
                            Optional<URI> dynamoDbEndpoint, Optional<URI> stsEndpoint, Duration relayQuietCheck,
                            Duration relayPatience, AwsCredentialsProvider credentials) {

    public static final String TABLE = "PORTHOLE_TABLE";
    public static final String TOKEN_SHA256 = "PORTHOLE_TOKEN_SHA256";
    public static final String FUNCTION_SECRET = "PORTHOLE_FUNCTION_SECRET";
    public static final String PREVIOUS_FUNCTION_SECRET = "PORTHOLE_PREVIOUS_FUNCTION_SECRET";
    public static final String WEBSOCKET_URL = "PORTHOLE_WEBSOCKET_URL";
    public static final String RELAY_URL = "PORTHOLE_RELAY_URL";
    public static final String ANSWER_ROLE_ARN = "PORTHOLE_ANSWER_ROLE_ARN";
    public static final String PUBLIC_URL = "PORTHOLE_PUBLIC_URL";
    public static final String MAX_BODY_BYTES = "PORTHOLE_MAX_BODY_BYTES";
    public static final String REQUEST_TIMEOUT_MS = "PORTHOLE_REQUEST_TIMEOUT_MS";
    public static final String INVOKE_PAYLOAD_LIMIT = "PORTHOLE_INVOKE_PAYLOAD_LIMIT";
    /** Local backend only: DynamoDB Local's endpoint. */
    public static final String DYNAMODB_ENDPOINT = "PORTHOLE_DYNAMODB_ENDPOINT";
    /** Local backend only: the relay API's Management endpoint as agents reach it. */
    public static final String ANSWER_ENDPOINT = "PORTHOLE_ANSWER_ENDPOINT";
    /** Local backend only: its STS endpoint. */
    public static final String STS_ENDPOINT = "PORTHOLE_STS_ENDPOINT";
    /** Local backend and tests only: overrides {@link #DEFAULT_RELAY_QUIET_CHECK}. */
    public static final String RELAY_QUIET_CHECK_MS = "PORTHOLE_RELAY_QUIET_CHECK_MS";
    /** Local backend and tests only: overrides {@link #DEFAULT_RELAY_PATIENCE}. */
    public static final String RELAY_PATIENCE_MS = "PORTHOLE_RELAY_PATIENCE_MS";

    /** The variables the CloudFormation template gives the function. */
    public static final Set<String> TEMPLATE_VARIABLES = Set.of(
        TABLE, TOKEN_SHA256, FUNCTION_SECRET, PREVIOUS_FUNCTION_SECRET, WEBSOCKET_URL, RELAY_URL, ANSWER_ROLE_ARN, PUBLIC_URL, MAX_BODY_BYTES, REQUEST_TIMEOUT_MS, INVOKE_PAYLOAD_LIMIT);

    /**
     * A frozen environment's relay may have been closed meanwhile (API Gateway's 10-minute idle limit) without the
     * environment hearing of it; after this long without traffic it is checked (one message to the relay API, which
     * answers without the function) before a request relies on it.
     */
    public static final Duration DEFAULT_RELAY_QUIET_CHECK = Duration.ofSeconds(30);

    /**
     * Half a second: a relay round trip inside a Region takes a few milliseconds, so a relay silent for this long and
     * then unanswering is dead, and the request fails within about a second instead of at its deadline.
     */
    public static final Duration DEFAULT_RELAY_PATIENCE = Duration.ofMillis(500);

    /** 25 s: an answer after API Gateway's 30 s integration timeout would reach nobody. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(25);

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Reads the settings from the function's environment. Credentials come from {@code AWS_ACCESS_KEY_ID}
     * and friends when the environment has them (the Lambda runtime without SnapStart, or the local
     * backend), otherwise from the default chain — under SnapStart that is the container credentials.
     *
     * @throws IllegalStateException naming the variable that is missing or wrong
     */
    public static BackendConfig fromEnvironment(Map<String, String> env) {
        String tokenHash = required(env, TOKEN_SHA256).toLowerCase();
        if (!SHA256_HEX.matcher(tokenHash).matches()) {
            throw new IllegalStateException(TOKEN_SHA256 + " must be the 64-character hex SHA-256 of the agent token");
        }
        String secret = required(env, FUNCTION_SECRET).toLowerCase();
        if (!SHA256_HEX.matcher(secret).matches()) {
            throw new IllegalStateException(FUNCTION_SECRET + " must be 64 hex characters (32 random bytes)");
        }
        Optional<byte[]> previous = Optional.ofNullable(env.get(PREVIOUS_FUNCTION_SECRET)).map(String::trim)
            .filter(v -> !v.isEmpty()).map(v -> {
                if (!SHA256_HEX.matcher(v.toLowerCase()).matches()) {
                    throw new IllegalStateException(PREVIOUS_FUNCTION_SECRET + " must be empty or 64 hex characters");
                }
                return HexFormat.of().parseHex(v.toLowerCase());
            });
        URI websocketUrl = websocketUri(env, WEBSOCKET_URL);
        URI relayUrl = websocketUri(env, RELAY_URL);
        String answerRole = required(env, ANSWER_ROLE_ARN);
        URI publicUrl = uri(env, PUBLIC_URL);
        if (!publicUrl.toString().endsWith("/")) {
            publicUrl = URI.create(publicUrl + "/");
        }
        return new BackendConfig(
            required(env, TABLE),
            HexFormat.of().parseHex(tokenHash),
            HexFormat.of().parseHex(secret),
            previous,
            websocketUrl,
            relayUrl,
            answerRole,
            Optional.ofNullable(env.get(ANSWER_ENDPOINT)).filter(s -> !s.isBlank()).map(URI::create)
                .orElseGet(() -> ManagementEndpoint.fromWebSocketUrl(relayUrl)),
            publicUrl,
            number(env, MAX_BODY_BYTES, Limits.DEFAULT_MAX_BODY_BYTES),
            Duration.ofMillis(number(env, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT.toMillis())),
            number(env, INVOKE_PAYLOAD_LIMIT, 0),
            Region.of(Optional.ofNullable(env.get("AWS_REGION")).orElse("us-east-1")),
            Optional.ofNullable(env.get(DYNAMODB_ENDPOINT)).filter(s -> !s.isBlank()).map(URI::create),
            Optional.ofNullable(env.get(STS_ENDPOINT)).filter(s -> !s.isBlank()).map(URI::create),
            Duration.ofMillis(number(env, RELAY_QUIET_CHECK_MS, DEFAULT_RELAY_QUIET_CHECK.toMillis())),
            Duration.ofMillis(number(env, RELAY_PATIENCE_MS, DEFAULT_RELAY_PATIENCE.toMillis())),
            credentials(env));
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        String keyId = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (keyId == null || secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String session = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(session == null
            ? AwsBasicCredentials.create(keyId, secret)
            : AwsSessionCredentials.create(keyId, secret, session));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set; deploy the function with Porthole's CloudFormation template");
        }
        return value.trim();
    }

    private static URI uri(Map<String, String> env, String name) {
        try {
            return URI.create(required(env, name));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not a valid URL: " + e.getMessage(), e);
        }
    }

    private static URI websocketUri(Map<String, String> env, String name) {
        URI value = uri(env, name);
        if (!Set.of("ws", "wss").contains(value.getScheme())) {
            throw new IllegalStateException(name + " must be a ws:// or wss:// URL, got " + value);
        }
        return value;
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException("negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number of at least 0, got \"" + value + "\"", e);
        }
    }

    @Override
    public String toString() {
        // never print the token hash or the secret
        return "BackendConfig[table=" + tableName + ", websocketUrl=" + websocketUrl + ", relayUrl=" + relayUrl + ", publicUrl=" + publicUrl
            + ", maxBodyBytes=" + maxBodyBytes + ", requestTimeout=" + requestTimeout + ", region=" + region + "]";
    }
}
