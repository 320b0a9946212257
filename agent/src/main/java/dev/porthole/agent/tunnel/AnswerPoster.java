package dev.porthole.agent.tunnel;

import dev.porthole.protocol.AnswerRoute;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Posts answers straight to the relay connection whose invocation waits for them, through the backend's relay API
 * ({@link AnswerRoute}): one SigV4-signed Management API call per message ({@code POST @connections/{id}}, as the
 * AWS SDK's {@code PostToConnection} sends it), with the temporary credentials the backend handed out.
 *
 * <p>It signs as the SDK's SigV4 signer does ({@link AnswerSigner}) and sends over connections it keeps open
 * ({@link KeptAliveConnections}), on the posting thread: the SDK client's pipeline, its HTTP client's per-call work
 * and then its general signer were most of the agent's CPU per request. It reads the answer as the SDK does, by
 * {@code x-amzn-ErrorType} and status, and retries as the SDK's standard retry mode does: throttling
 * ({@code LimitExceededException}, 429), 5xx answers and broken connections, three attempts at most, with jittered
 * exponential backoff.
 */
final class AnswerPoster implements AutoCloseable {
    /** What became of one post. */
    enum Outcome {
        SENT,
        /** The relay connection no longer exists: nobody waits for this answer any more. */
        RELAY_GONE,
        /** The credentials were refused (expired): renew them and try again. */
        REFUSED,
        /** Anything else: the network, throttling beyond the retries, a message too large. */
        FAILED
    }

    private static final System.Logger LOG = System.getLogger(AnswerPoster.class.getName());
    private static final int MAX_ATTEMPTS = 3;
    private static final long BASE_DELAY_MILLIS = 100;
    private static final long THROTTLED_BASE_DELAY_MILLIS = 1_000;
    private static final String USER_AGENT = AgentVersion.PRODUCT;

    private final AnswerRoute route;
    private final URI endpoint;
    private final String basePath;
    private final KeptAliveConnections connections;
    private final AnswerSigner signer;

    AnswerPoster(AnswerRoute route) {
        this.route = route;
        this.endpoint = URI.create(route.endpoint());
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.connections = new KeptAliveConnections(endpoint, Duration.ofSeconds(5), Duration.ofSeconds(20));
        this.signer = new AnswerSigner(AwsSessionCredentials.create(route.accessKeyId(), route.secretAccessKey(), route.sessionToken()),
            route.region(), connections.authority(), Clock.systemUTC());
    }

    AnswerRoute route() {
        return route;
    }

    /** @param body the message's UTF-8 bytes, sent as they are */
    Outcome post(String relayConnectionId, byte[] body) {
        // the SDK puts the ID in the path encoded as a path label: everything but unreserved characters escaped
        String path = basePath + "/@connections/" + SdkHttpUtils.urlEncode(relayConnectionId);
        for (int attempt = 1; ; attempt++) {
            long backoff;
            try {
                KeptAliveConnections.Response response = connections.exchange(signer.head(path, body, USER_AGENT).getBytes(StandardCharsets.UTF_8), body);
                int status = response.status();
                String type = response.headers().getOrDefault("x-amzn-errortype", "");
                if (status / 100 == 2) {
                    return Outcome.SENT;
                }
                if (status == 410 || type.startsWith("GoneException")) {
                    return Outcome.RELAY_GONE;
                }
                if (status == 403 || type.startsWith("ForbiddenException")) {
                    return Outcome.REFUSED;
                }
                if (status == 429 || type.startsWith("LimitExceededException")) {
                    backoff = THROTTLED_BASE_DELAY_MILLIS;
                } else if (status >= 500) {
                    backoff = BASE_DELAY_MILLIS;
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "the relay API refused an answer: {0} {1}", status, type);
                    return Outcome.FAILED; // 413 PayloadTooLargeException, 400 BadRequestException
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "posting an answer failed: {0}", e.toString());
                backoff = BASE_DELAY_MILLIS;
            }
            if (attempt >= MAX_ATTEMPTS || !pause(backoff, attempt)) {
                return Outcome.FAILED;
            }
        }
    }

    /** Waits before attempt {@code attempt + 1}: a random part of base × 2^(attempt − 1). False when interrupted. */
    private static boolean pause(long baseMillis, int attempt) {
        long ceiling = baseMillis << (attempt - 1);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        connections.close();
    }
}
