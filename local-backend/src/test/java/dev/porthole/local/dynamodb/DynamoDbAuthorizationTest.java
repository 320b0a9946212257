package dev.porthole.local.dynamodb;

import dev.porthole.local.iam.IamFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DynamoDB Local behind the checks DynamoDB makes, through the real DynamoDbClient: only requests signed with
 * credentials this backend issued get through, each only as far as the template's policy allows, and every
 * refusal is the exception DynamoDB raises.
 */
class DynamoDbAuthorizationTest {
    private static final String INVALID_TOKEN = "The security token included in the request is invalid.";
    private static IamFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new IamFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void theFunctionDoesWhatItsRoleAllows() {
        String pk = "T#" + UUID.randomUUID();
        try (DynamoDbClient function = fixture.dynamo(fixture.iam.function().toSdk())) {
            function.putItem(r -> r.tableName(fixture.table()).item(item(pk)));
            assertThat(function.getItem(r -> r.tableName(fixture.table()).key(item(pk))).item()).containsKey("pk");
            assertThat(function.query(r -> r.tableName(fixture.table()).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).count()).isEqualTo(1);
        }
    }

    @Test
    void whatTheRoleDoesNotAllowIsAccessDeniedInAwsWords() {
        try (DynamoDbClient function = fixture.dynamo(fixture.iam.function().toSdk())) {
            assertThatThrownBy(() -> function.scan(r -> r.tableName(fixture.table())))
                .isInstanceOfSatisfying(DynamoDbException.class, DynamoDbAuthorizationTest::accessDenied)
                .hasMessageStartingWith("User: arn:aws:sts::000000000000:assumed-role/porthole-local-FunctionRole/porthole-local-function"
                    + " is not authorized to perform: dynamodb:Scan on resource: arn:aws:dynamodb:us-east-1:000000000000:table/porthole-local-Table"
                    + " because no identity-based policy allows the dynamodb:Scan action");
            assertThatThrownBy(() -> function.createTable(r -> r.tableName("other").billingMode("PAY_PER_REQUEST")
                .keySchema(k -> k.attributeName("pk").keyType("HASH")).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))))
                .isInstanceOfSatisfying(DynamoDbException.class, DynamoDbAuthorizationTest::accessDenied).hasMessageContaining("dynamodb:CreateTable on resource: arn:aws:dynamodb:us-east-1:000000000000:table/other");
        }
        try (DynamoDbClient admin = fixture.dynamo(fixture.iam.administrator().toSdk())) {
            assertThat(admin.scan(r -> r.tableName(fixture.table()).limit(1)).sdkHttpResponse().isSuccessful())
                .as("the emulator's own credentials may do anything").isTrue();
        }
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        var function = fixture.iam.function();
        expect(AwsBasicCredentials.create(function.accessKeyId(), "x".repeat(40)), "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided.");
    }

    @Test
    void anUnknownKeyIsAnUnrecognizedClient() {
        expect(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "UnrecognizedClientException", INVALID_TOKEN);
    }

    @Test
    void anUnsignedRequestIsMissingItsAuthenticationToken() {
        try (DynamoDbClient anonymous = fixture.dynamo(AnonymousCredentialsProvider.create(), Duration.ZERO)) {
            assertThatThrownBy(() -> anonymous.getItem(r -> r.tableName(fixture.table()).key(item("T#x"))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationTokenException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        }
    }

    @Test
    void aClockMoreThanFiveMinutesOffIsAnExpiredSignature() {
        try (DynamoDbClient skewed = fixture.dynamo(StaticCredentialsProvider.create(fixture.iam.function().toSdk()), Duration.ofMinutes(-6))) {
            assertThatThrownBy(() -> skewed.getItem(r -> r.tableName(fixture.table()).key(item("T#x"))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Signature expired: ").endsWith(" - 5 min.)");
                });
        }
        try (DynamoDbClient slightlyOff = fixture.dynamo(StaticCredentialsProvider.create(fixture.iam.function().toSdk()), Duration.ofMinutes(4))) {
            assertThat(slightlyOff.getItem(r -> r.tableName(fixture.table()).key(item("T#x"))).sdkHttpResponse().isSuccessful()).isTrue();
        }
    }

    @Test
    void temporaryCredentialsWorkWithTheirTokenWithinTheirRoleAndUntilTheyExpire() {
        Credentials relay;
        try (var sts = fixture.sts(fixture.iam.function().toSdk())) {
            relay = sts.assumeRole(r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-1").durationSeconds(900)).credentials();
        }
        AwsSessionCredentials session = AwsSessionCredentials.create(relay.accessKeyId(), relay.secretAccessKey(), relay.sessionToken());
        try (DynamoDbClient client = fixture.dynamo(session)) {
            assertThat(client.getItem(r -> r.tableName(fixture.table()).key(item("T#x"))).sdkHttpResponse().isSuccessful()).isTrue();
            assertThatThrownBy(() -> client.putItem(r -> r.tableName(fixture.table()).item(item("T#relay"))))
                .isInstanceOfSatisfying(DynamoDbException.class, DynamoDbAuthorizationTest::accessDenied)
                .hasMessageContaining("assumed-role/porthole-local-RelayRole/relay-1 is not authorized to perform: dynamodb:PutItem");
        }
        expect(AwsSessionCredentials.create(relay.accessKeyId(), relay.secretAccessKey(), relay.sessionToken() + "x"),
            "UnrecognizedClientException", INVALID_TOKEN);
        expect(AwsBasicCredentials.create(relay.accessKeyId(), relay.secretAccessKey()), "UnrecognizedClientException", INVALID_TOKEN);

        fixture.clock.advance(Duration.ofMinutes(16));
        expect(session, "ExpiredTokenException", "The security token included in the request is expired");
    }

    @Test
    void aSessionPolicyNarrowsWhatTheRoleAllows() {
        Credentials narrowed;
        try (var sts = fixture.sts(fixture.iam.function().toSdk())) {
            narrowed = sts.assumeRole(r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-query")
                .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:Query\",\"Resource\":\"*\"}]}")).credentials();
        }
        try (DynamoDbClient client = fixture.dynamo(AwsSessionCredentials.create(narrowed.accessKeyId(), narrowed.secretAccessKey(), narrowed.sessionToken()))) {
            assertThat(client.query(r -> r.tableName(fixture.table()).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("T#none")))).count()).isZero();
            assertThatThrownBy(() -> client.getItem(r -> r.tableName(fixture.table()).key(item("T#x"))))
                .isInstanceOfSatisfying(DynamoDbException.class, DynamoDbAuthorizationTest::accessDenied).hasMessageContaining("because no session policy allows the dynamodb:GetItem action");
        }
    }

    private static void expect(AwsCredentials credentials, String errorCode, String messageStart) {
        try (DynamoDbClient client = fixture.dynamo(credentials)) {
            Consumer<DynamoDbException> check = e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(errorCode);
                assertThat(e.awsErrorDetails().errorMessage()).startsWith(messageStart);
                assertThat(e.statusCode()).isEqualTo(400);
            };
            assertThatThrownBy(() -> client.getItem(r -> r.tableName(fixture.table()).key(item("T#x"))))
                .isInstanceOfSatisfying(DynamoDbException.class, check);
        }
    }

    /** The SDK models no AccessDeniedException for DynamoDB: it raises DynamoDbException with that error code. */
    private static void accessDenied(DynamoDbException e) {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(e.statusCode()).isEqualTo(400);
    }

    private static Map<String, AttributeValue> item(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("tunnel"));
    }
}
