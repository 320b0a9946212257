package dev.porthole.deploy.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.porthole.deploy.DeployException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Credentials, Region and the AWS clients the deployer uses, found the way the AWS CLI finds them.
 * Close it to release the clients.
 */
public final class AwsConnection implements AutoCloseable {

    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final String profileName;
    private final URI endpointOverride;
    private final RetryStrategy retryStrategy;
    private final SdkHttpClient http;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private CloudFormationClient cloudFormation;
    private S3Client s3;
    private StsClient sts;
    private LambdaClient lambda;
    private AcmClient acm;
    private CloudWatchLogsClient logs;

    private AwsConnection(Builder builder) {
        this.credentials = Objects.requireNonNull(builder.credentials, "credentials");
        this.region = Objects.requireNonNull(builder.region, "region");
        this.profileName = builder.profileName;
        this.endpointOverride = builder.endpointOverride;
        this.retryStrategy = builder.retryStrategy != null ? builder.retryStrategy : defaultRetryStrategy();
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
    }

    /**
     * Credentials and Region as the AWS CLI would use them.
     *
     * @param profile a profile name, or null for the default chain (environment variables, {@code AWS_PROFILE}
     *                or the "default" profile, container and instance credentials)
     * @param region  a Region name, or null for the profile's region, then {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}
     * @throws DeployException naming the missing profile or Region and what to do
     */
    public static AwsConnection forProfile(String profile, String region) {
        return forProfile(profile, region, ProfileFile::defaultProfileFile);
    }

    /** As {@link #forProfile(String, String)}, with profiles from the given files (tests, or a chosen file). */
    public static AwsConnection forProfile(String profile, String region, Supplier<ProfileFile> profiles) {
        return builderForProfile(profile, region, profiles).build();
    }

    /**
     * As {@link #forProfile(String, String, Supplier)}, but returns the builder, so that more can be set
     * (a test's endpoint override).
     */
    public static Builder builderForProfile(String profile, String region, Supplier<ProfileFile> profiles) {
        ProfileFile files = profiles.get();
        Builder builder = builder();
        String regionSource = "the AWS_REGION environment variable";
        if (profile != null && !profile.isBlank()) {
            if (files.profile(profile).isEmpty()) {
                List<String> names = AwsProfiles.list(files).stream().map(AwsProfile::name).toList();
                throw new DeployException("There is no AWS profile named '" + profile + "' in ~/.aws/config or ~/.aws/credentials"
                        + (names.isEmpty() ? " (none are set up)." : "; the profiles there are " + String.join(", ", names) + "."),
                        "Choose one of them, or set one up with `aws configure --profile " + profile + "` (access keys) or `aws configure sso` (IAM Identity Center).");
            }
            builder.credentials(ProfileCredentialsProvider.builder().profileFile(profiles).profileName(profile).build())
                    .profileName(profile);
            if (region == null || region.isBlank()) {
                region = files.profile(profile).flatMap(p -> p.property(ProfileProperty.REGION)).orElse(null);
            }
            regionSource = "profile '" + profile + "' or the AWS_REGION environment variable";
        } else {
            String defaultProfile = AwsProfiles.defaultProfileName();
            builder.credentials(DefaultCredentialsProvider.builder().profileFile(profiles).profileName(defaultProfile).build())
                    .profileName(null);
            if (region == null || region.isBlank()) {
                region = files.profile(defaultProfile).flatMap(p -> p.property(ProfileProperty.REGION)).orElse(null);
            }
        }
        if (region == null || region.isBlank()) {
            region = firstNonBlank(System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION"));
        }
        if (region == null) {
            throw new DeployException("No AWS Region is chosen: neither given nor set in " + regionSource + ".",
                    "Pass a Region (for example --region eu-west-1), or add `region = eu-west-1` to the profile in ~/.aws/config.");
        }
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new DeployException("'" + region + "' is not an AWS Region name.", "Use a name such as us-east-1 or eu-west-1.");
        }
        return builder.region(region);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Region region() {
        return region;
    }

    /** The profile in use, or null for the default chain. */
    public String profileName() {
        return profileName;
    }

    /** The account the credentials belong to (and a check that they work at all). */
    public String accountId() {
        try {
            return sts().getCallerIdentity().account();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "check your AWS credentials", profileName);
        }
    }

    public synchronized CloudFormationClient cloudFormation() {
        if (cloudFormation == null) {
            cloudFormation = build(CloudFormationClient.builder());
        }
        return cloudFormation;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            var builder = S3Client.builder();
            if (endpointOverride != null) {
                builder.forcePathStyle(true);
            }
            s3 = build(builder);
        }
        return s3;
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            sts = build(StsClient.builder());
        }
        return sts;
    }

    /** Lambda: the account's concurrency limit. */
    public synchronized LambdaClient lambda() {
        if (lambda == null) {
            lambda = build(LambdaClient.builder());
        }
        return lambda;
    }

    /** ACM: the custom domain's certificate. */
    public synchronized AcmClient acm() {
        if (acm == null) {
            acm = build(AcmClient.builder());
        }
        return acm;
    }

    /** CloudWatch Logs: log group names the stack needs, and the function's own log lines. */
    public synchronized CloudWatchLogsClient logs() {
        if (logs == null) {
            logs = build(CloudWatchLogsClient.builder());
        }
        return logs;
    }

    /** One HTTP client, the connection's credentials, Region, retries and endpoint, for every service. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable> C build(B builder) {
        builder.httpClient(http).region(region).credentialsProvider(credentials).overrideConfiguration(override());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return remember(builder.build());
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
        clients.clear();
        http.close();
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
    }

    private ClientOverrideConfiguration override() {
        return ClientOverrideConfiguration.builder().retryStrategy(retryStrategy)
                .apiCallTimeout(Duration.ofMinutes(5)).build();
    }

    private <T extends AutoCloseable> T remember(T client) {
        clients.add(client);
        return client;
    }

    /** Polling CloudFormation gets throttled now and then: retry more than the SDK's default 3 times. */
    private static RetryStrategy defaultRetryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(8)
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(20)))
                .build();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    public static final class Builder {
        private AwsCredentialsProvider credentials;
        private Region region;
        private String profileName;
        private URI endpointOverride;
        private RetryStrategy retryStrategy;

        private Builder() {
        }

        public Builder credentials(AwsCredentialsProvider provider) {
            this.credentials = provider;
            return this;
        }

        public Builder region(String name) {
            this.region = Region.of(name);
            return this;
        }

        /** Shown in messages ("run aws sso login --profile …"). */
        public Builder profileName(String name) {
            this.profileName = name;
            return this;
        }

        /** Sends every service to one endpoint (a local test server); S3 then uses path-style URLs. */
        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = endpoint;
            return this;
        }

        public Builder retryStrategy(RetryStrategy strategy) {
            this.retryStrategy = strategy;
            return this;
        }

        public AwsConnection build() {
            return new AwsConnection(this);
        }
    }
}
