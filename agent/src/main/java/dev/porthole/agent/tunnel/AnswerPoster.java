package dev.porthole.agent.tunnel;

import dev.porthole.protocol.AnswerRoute;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

import java.net.URI;
import java.time.Duration;

/**
 * Posts answers straight to the relay connection whose invocation waits for them, through the backend's relay API
 * ({@link AnswerRoute}): one SigV4-signed Management API call per message, with the temporary credentials the
 * backend handed out. The SDK retries throttling ({@code LimitExceededException}) with backoff.
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

    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(20))
        .build();

    private final AnswerRoute route;
    private final ApiGatewayManagementApiClient client;

    AnswerPoster(AnswerRoute route) {
        this.route = route;
        this.client = ApiGatewayManagementApiClient.builder()
            .httpClient(HTTP)
            .endpointOverride(URI.create(route.endpoint()))
            .region(Region.of(route.region()))
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsSessionCredentials.create(route.accessKeyId(), route.secretAccessKey(), route.sessionToken())))
            .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(25)).build())
            .build();
    }

    AnswerRoute route() {
        return route;
    }

    Outcome post(String relayConnectionId, String message) {
        try {
            client.postToConnection(r -> r.connectionId(relayConnectionId).data(SdkBytes.fromUtf8String(message)));
            return Outcome.SENT;
        } catch (GoneException e) {
            return Outcome.RELAY_GONE;
        } catch (ForbiddenException e) {
            return Outcome.REFUSED;
        } catch (LimitExceededException | PayloadTooLargeException e) {
            return Outcome.FAILED;
        } catch (SdkException e) {
            return Outcome.FAILED;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
