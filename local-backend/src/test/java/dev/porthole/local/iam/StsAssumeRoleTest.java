package dev.porthole.local.iam;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.sts.model.StsException;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local STS through the real StsClient, with the errors STS answers. */
class StsAssumeRoleTest {
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
    void theFunctionAssumesARoleThatTrustsItAndItsPolicyAllows() {
        AssumeRoleResponse assumed;
        try (StsClient sts = fixture.sts(fixture.iam.function().toSdk())) {
            assumed = sts.assumeRole(r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-42"));
        }
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/porthole-local-RelayRole/relay-42");
        assertThat(assumed.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:relay-42");
        assertThat(assumed.credentials().accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(assumed.credentials().secretAccessKey()).hasSize(40);
        assertThat(assumed.credentials().sessionToken()).isNotBlank();
        assertThat(assumed.credentials().expiration()).as("one hour by default")
            .isEqualTo(fixture.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plus(Duration.ofHours(1)));

        // the new credentials are real: STS itself knows who they are
        try (StsClient asRelay = fixture.sts(AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
            assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken()))) {
            assertThat(asRelay.getCallerIdentity().arn()).isEqualTo(assumed.assumedRoleUser().arn());
            // the relay's role allows no sts:AssumeRole, so it cannot chain further
            expect(asRelay, r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-43"), 403, "AccessDenied",
                "User: arn:aws:sts::000000000000:assumed-role/porthole-local-RelayRole/relay-42 is not authorized to perform: sts:AssumeRole on resource: "
                    + fixture.roleArn("RelayRole") + " because no identity-based policy allows the sts:AssumeRole action");
        }
    }

    @Test
    void aRoleTheCallersPolicyDoesNotAllowIsAccessDenied() {
        try (StsClient sts = fixture.sts(fixture.iam.function().toSdk())) {
            expect(sts, r -> r.roleArn(fixture.roleArn("NotAllowedRole")).roleSessionName("relay-1"), 403, "AccessDenied",
                "User: arn:aws:sts::000000000000:assumed-role/porthole-local-FunctionRole/porthole-local-function is not authorized to perform: "
                    + "sts:AssumeRole on resource: " + fixture.roleArn("NotAllowedRole") + " because no identity-based policy allows the sts:AssumeRole action");
        }
    }

    @Test
    void aRoleThatDoesNotTrustTheCallerIsAccessDenied() {
        try (StsClient sts = fixture.sts(fixture.iam.function().toSdk())) {
            expect(sts, r -> r.roleArn(fixture.roleArn("UntrustingRole")).roleSessionName("relay-1"), 403, "AccessDenied",
                "User: arn:aws:sts::000000000000:assumed-role/porthole-local-FunctionRole/porthole-local-function is not authorized to perform: "
                    + "sts:AssumeRole on resource: " + fixture.roleArn("UntrustingRole"));
            expect(sts, r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("someone-else"), 403, "AccessDenied",
                "User: arn:aws:sts::000000000000:assumed-role/porthole-local-FunctionRole/porthole-local-function is not authorized to perform: "
                    + "sts:AssumeRole on resource: " + fixture.roleArn("RelayRole"));
        }
    }

    @Test
    void roleChainingIsCappedAtOneHour() {
        try (StsClient sts = fixture.sts(fixture.iam.function().toSdk())) {
            expect(sts, r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-1").durationSeconds(7200), 400, "ValidationError",
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
            expect(sts, r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-1").durationSeconds(899), 400, "ValidationError",
                "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
            Instant expiration = sts.assumeRole(r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-1").durationSeconds(3600))
                .credentials().expiration();
            assertThat(expiration).isAfter(fixture.clock.instant().plus(Duration.ofMinutes(59)));
        }
    }

    @Test
    void badSessionNamesAndPoliciesAreValidationErrors() {
        try (StsClient sts = fixture.sts(fixture.iam.function().toSdk())) {
            expect(sts, r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay 1"), 400, "ValidationError",
                "1 validation error detected: Value 'relay 1' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
            assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-1").policy("{\"Statement\":[]}")))
                .isInstanceOf(MalformedPolicyDocumentException.class).hasMessageContaining("Version must be 2012-10-17");
        }
    }

    @Test
    void signaturesAreCheckedForServiceSts() {
        var function = fixture.iam.function();
        try (StsClient wrongSecret = fixture.sts(AwsBasicCredentials.create(function.accessKeyId(), "y".repeat(40)))) {
            expect(wrongSecret, r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-1"), 403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. "
                    + "Consult the service documentation for details.");
        }
        try (StsClient unknown = fixture.sts(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "y".repeat(40)))) {
            expect(unknown, r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-1"), 403, "InvalidClientTokenId",
                "The security token included in the request is invalid.");
        }
        try (StsClient root = fixture.sts(fixture.iam.administrator().toSdk())) {
            expect(root, r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-1"), 403, "AccessDenied",
                "Roles may not be assumed by root accounts.");
        }
    }

    @Test
    void expiredTemporaryCredentialsAreAnExpiredToken() {
        var relay = fixture.sts(fixture.iam.function().toSdk())
            .assumeRole(r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-short").durationSeconds(900)).credentials();
        fixture.clock.advance(Duration.ofMinutes(16));
        try (StsClient expired = fixture.sts(AwsSessionCredentials.create(relay.accessKeyId(), relay.secretAccessKey(), relay.sessionToken()))) {
            assertThatThrownBy(expired::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is expired");
            });
        }
    }

    private static void expect(StsClient sts, Consumer<AssumeRoleRequest.Builder> request, int status, String code, String message) {
        assertThatThrownBy(() -> sts.assumeRole(request))
            .isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(status);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            });
    }
}
