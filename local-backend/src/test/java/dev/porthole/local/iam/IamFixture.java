package dev.porthole.local.iam;

import dev.porthole.local.dynamodb.DynamoDbLocalServer;
import dev.porthole.local.wiring.BackendWiring;
import dev.porthole.local.wiring.TemplateWiring;
import dev.porthole.template.Template;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.auth.scheme.DynamoDbAuthSchemeProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.scheme.StsAuthSchemeProvider;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The identity side of a local backend, wired from the packaged template plus the roles a relay design would
 * add: the real DynamoDB Local behind its authorization, and the STS handler on a real Jetty server on
 * loopback (mounted under a path, as the gateway will), with a clock the test moves.
 */
public final class IamFixture implements AutoCloseable {
    /** Roles next to FunctionRole: one it may assume, one that trusts it but its policy does not allow, one that does not trust it. */
    public static final String EXTRA_RESOURCES = """
          RelayRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {AWS: !GetAtt FunctionRole.Arn}
                    Action: sts:AssumeRole
                    Condition:
                      StringLike: {"sts:RoleSessionName": "relay-*"}
              Policies:
                - PolicyName: read-table
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Action: [dynamodb:GetItem, dynamodb:Query]
                        Resource: !GetAtt Table.Arn
          NotAllowedRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {AWS: !GetAtt FunctionRole.Arn}
                    Action: sts:AssumeRole
          UntrustingRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {Service: lambda.amazonaws.com}
                    Action: sts:AssumeRole
          FunctionMayAssumeRoles:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: assume-relay
              Roles: [!Ref FunctionRole]
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Action: sts:AssumeRole
                    Resource: [!GetAtt RelayRole.Arn, !GetAtt UntrustingRole.Arn]
        """;
    public static final String STS_PATH = "/_porthole/aws/sts";

    public final MovableClock clock = new MovableClock(Instant.now());
    public final BackendWiring wiring;
    public final LocalIam iam;
    public final DynamoDbLocalServer dynamoDb;
    private final Server sts;
    public final URI stsEndpoint;

    public IamFixture() throws Exception {
        Template template = withExtraResources(EXTRA_RESOURCES);
        wiring = TemplateWiring.from(template, "0".repeat(64));
        iam = LocalIam.fromTemplate(template, wiring.intrinsics(), TemplateWiring.ACCOUNT_ID, TemplateWiring.REGION, clock);
        dynamoDb = DynamoDbLocalServer.start(Optional.empty(), iam, TemplateWiring.ACCOUNT_ID);
        dynamoDb.ensureTable(wiring.table());
        sts = new Server();
        ServerConnector connector = new ServerConnector(sts);
        connector.setHost("127.0.0.1");
        sts.addConnector(connector);
        sts.setHandler(iam.sts());
        sts.start();
        stsEndpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + STS_PATH);
    }

    /** The packaged template with more resources, as YAML indented to sit under {@code Resources:}. */
    public static Template withExtraResources(String yaml) {
        String text = Template.load().text();
        return Template.parse(text.replace("\nResources:\n", "\nResources:\n" + yaml));
    }

    public String table() {
        return wiring.table().name();
    }

    public DynamoDbClient dynamo(AwsCredentials credentials) {
        return dynamo(StaticCredentialsProvider.create(credentials), Duration.ZERO);
    }

    /** A client whose signing clock is off by {@code skew}, as a computer with a wrong clock would sign. */
    public DynamoDbClient dynamo(AwsCredentialsProvider credentials, Duration skew) {
        Clock signing = Clock.offset(clock, skew);
        return DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .authSchemeProvider(params -> DynamoDbAuthSchemeProvider.defaultProvider().resolveAuthScheme(params).stream()
                .map(option -> option.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, signing).build()).toList())
            .build();
    }

    public StsClient sts(AwsCredentials credentials) {
        Clock signing = clock;
        return StsClient.builder().endpointOverride(stsEndpoint).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .authSchemeProvider(params -> StsAuthSchemeProvider.defaultProvider().resolveAuthScheme(params).stream()
                .map(option -> option.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, signing).build()).toList())
            .build();
    }

    public String roleArn(String logicalId) {
        return "arn:aws:iam::" + TemplateWiring.ACCOUNT_ID + ":role/" + TemplateWiring.STACK_NAME + "-" + logicalId;
    }

    @Override
    public void close() throws Exception {
        sts.stop();
        dynamoDb.close();
    }

    /** Clients of a DynamoDB Local server, signed as the SDK signs. */
    public record Clients(DynamoDbLocalServer server) {
        public DynamoDbClient function(LocalIam iam) {
            return DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(iam.function().toSdk())).httpClient(UrlConnectionHttpClient.create()).build();
        }
    }

    /** A clock the test moves forward; the backend's verifier, STS and the clients' signers all read it. */
    public static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        public void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now.plusMillis(0);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
