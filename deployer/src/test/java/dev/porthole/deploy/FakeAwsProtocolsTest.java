package dev.porthole.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.porthole.deploy.aws.AwsConnection;
import dev.porthole.deploy.testing.FakeAws;
import dev.porthole.deploy.testing.TestAws;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.model.InvalidArnException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** The stand-in's new protocols answer the real SDK as AWS does: the SDK raises the same typed exceptions. */
class FakeAwsProtocolsTest {

    private final FakeAws aws = FakeAws.start();
    private final AwsConnection connection = TestAws.connection(aws);

    @AfterEach
    void stop() {
        connection.close();
        aws.close();
    }

    @Test
    void lambdaAnswersTheAccountSettingsAndNamesItsErrorsInTheHeader() {
        aws.lambda.concurrency(10, 7);
        var limit = connection.lambda().getAccountSettings().accountLimit();
        assertThat(limit.concurrentExecutions()).isEqualTo(10);
        assertThat(limit.unreservedConcurrentExecutions()).isEqualTo(7);

        aws.throttle("Lambda GetAccountSettings", 100);
        assertThatThrownBy(() -> connection.lambda().getAccountSettings()).isInstanceOf(TooManyRequestsException.class);
        aws.throttle("Lambda GetAccountSettings", 0);
        aws.deny("Lambda GetAccountSettings");
        assertThatThrownBy(() -> connection.lambda().getAccountSettings())
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                });
    }

    @Test
    void acmAndLogsAnswerInJsonOneOneWithTypedErrors() {
        assertThat(connection.acm().describeCertificate(b -> b.certificateArn(
                "arn:aws:acm:us-east-1:" + FakeAws.ACCOUNT + ":certificate/abc-123")).certificate().statusAsString()).isEqualTo("ISSUED");
        assertThatThrownBy(() -> connection.acm().describeCertificate(b -> b.certificateArn("not-an-arn")))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> connection.acm().describeCertificate(b -> b.certificateArn(
                "arn:aws:acm:us-east-1:999999999999:certificate/abc-123")))
                .isInstanceOf(software.amazon.awssdk.services.acm.model.ResourceNotFoundException.class);

        assertThat(connection.logs().describeLogGroups(b -> b.logGroupNamePrefix("/aws/lambda/")).logGroups()).isEmpty();
        aws.logs.create("/aws/lambda/x-function");
        aws.logs.write("/aws/lambda/x-function", "s1", "one", "two", "three");
        assertThat(connection.logs().describeLogGroups(b -> b.logGroupNamePrefix("/aws/lambda/")).logGroups())
                .extracting(g -> g.logGroupName()).containsExactly("/aws/lambda/x-function");
        assertThat(connection.logs().getLogEvents(b -> b.logGroupName("/aws/lambda/x-function").logStreamName("s1")
                .startFromHead(false).limit(2)).events()).extracting(e -> e.message()).containsExactly("two\n", "three\n");
        assertThatThrownBy(() -> connection.logs().describeLogStreams(b -> b.logGroupName("/aws/lambda/none")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(aws.calls()).contains("ACM DescribeCertificate", "Logs DescribeLogGroups", "Logs GetLogEvents");
    }

    @Test
    void anUnsignedRequestIsRefused() {
        try (CloudWatchLogsClient anonymous = CloudWatchLogsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).endpointOverride(URI.create(aws.endpoint().toString()))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            assertThatThrownBy(() -> anonymous.describeLogGroups(b -> b.logGroupNamePrefix("/")))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationTokenException"));
        }
    }
}
