package dev.porthole.deploy.testing;

import java.time.Duration;

import dev.porthole.deploy.aws.AwsConnection;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/** Connections to a {@link FakeAws}: the SDK's own retry logic, with millisecond back-off so tests stay quick. */
public final class TestAws {

    private TestAws() {
    }

    public static RetryStrategy quickRetries() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(5)
                .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
                .throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
                .circuitBreakerEnabled(false).build();
    }

    public static AwsConnection connection(FakeAws aws) {
        return connection(aws, "us-east-1");
    }

    /** A connection that names another Region (the fake itself answers as us-east-1). */
    public static AwsConnection connection(FakeAws aws, String region) {
        return AwsConnection.builder()
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATESTKEY", "test-secret")))
                .region(region).endpointOverride(aws.endpoint()).retryStrategy(quickRetries()).build();
    }
}
