package dev.porthole.backend.aws;

import dev.porthole.backend.config.BackendConfig;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The AWS SDK clients, built once per execution environment. They share one HTTP client, found through the SDK's
 * service-provider interface ({@link HttpClients}): on AWS the url-connection client, which keeps the function small
 * and starts fast (no Apache, no Netty); region and credentials come from the configuration.
 *
 * <p>The SDK times its calls out with a scheduled executor. Ours lets its thread go when idle, so that before a
 * SnapStart snapshot {@link #releaseThreads()} can leave no thread to be frozen into it.
 */
public final class AwsClients implements AutoCloseable {
    private static final long TIMER_KEEP_ALIVE_SECONDS = 60;
    private final SdkHttpClient http;
    private final ScheduledThreadPoolExecutor timers;
    private final Priming priming = new Priming();
    private final DynamoDbClient dynamoDb;
    private final ApiGatewayManagementApiClient management;
    private final StsClient sts;

    public AwsClients(BackendConfig config) {
        this.http = HttpClients.create(Duration.ofSeconds(3), Duration.ofSeconds(10));
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "porthole-sdk-timeouts");
            t.setDaemon(true);
            return t;
        });
        timers.setKeepAliveTime(TIMER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        timers.allowCoreThreadTimeOut(true);
        timers.setRemoveOnCancelPolicy(true);
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
            .apiCallTimeout(Duration.ofSeconds(12))
            .scheduledExecutorService(timers)
            .addExecutionInterceptor(new WholeSmallRequests())
            .addExecutionInterceptor(priming)
            .build();
        var dynamo = DynamoDbClient.builder()
            .httpClient(http)
            .region(config.region())
            .credentialsProvider(config.credentials())
            .overrideConfiguration(overrides);
        config.dynamoDbEndpoint().ifPresent(dynamo::endpointOverride);
        this.dynamoDb = dynamo.build();
        this.management = ApiGatewayManagementApiClient.builder()
            .httpClient(http)
            .region(config.region())
            .credentialsProvider(config.credentials())
            .overrideConfiguration(overrides)
            .endpointOverride(ManagementEndpoint.fromWebSocketUrl(config.websocketUrl()))
            .build();
        var stsBuilder = StsClient.builder()
            .httpClient(http)
            .region(config.region())
            .credentialsProvider(config.credentials())
            .overrideConfiguration(overrides);
        config.stsEndpoint().ifPresent(stsBuilder::endpointOverride);
        this.sts = stsBuilder.build();
    }

    /** STS, for the agents' answer credentials. */
    public StsClient sts() {
        return sts;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public ApiGatewayManagementApiClient management() {
        return management;
    }

    /** While priming, every call goes through marshalling, endpoint resolution and signing, then stops unsent. */
    public Priming priming() {
        return priming;
    }

    /** Lets the SDK's timer thread end now (it starts again on the next call), and waits until it has. */
    public void releaseThreads() {
        timers.setKeepAliveTime(1, TimeUnit.MILLISECONDS);
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (timers.getPoolSize() > 0 && System.nanoTime() < giveUpAt) {
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** After a restore: idle timer threads live long again, so calls do not keep starting new ones. */
    public void keepThreads() {
        timers.setKeepAliveTime(TIMER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        dynamoDb.close();
        management.close();
        sts.close();
        http.close();
        timers.shutdownNow();
    }
}
