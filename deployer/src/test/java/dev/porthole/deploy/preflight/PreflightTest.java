package dev.porthole.deploy.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.porthole.deploy.DeployException;
import dev.porthole.deploy.DeployProgress;
import dev.porthole.deploy.DeployRequest;
import dev.porthole.deploy.Deployer;
import dev.porthole.deploy.aws.AwsConnection;
import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.deploy.preflight.PreflightCheck.Outcome;
import dev.porthole.deploy.preflight.PreflightCheck.Subject;
import dev.porthole.deploy.testing.FakeAws;
import dev.porthole.deploy.testing.TestAws;
import dev.porthole.template.Template;

/** Every outcome of the checks made before a deployment, against the local AWS stand-in with the real SDK. */
class PreflightTest {

    private static final String STACK = "porthole-test";
    private static final String LOG_GROUP = "/aws/lambda/porthole-test-function";
    private static final String CERTIFICATE = "arn:aws:acm:us-east-1:" + FakeAws.ACCOUNT + ":certificate/abc-123";

    @TempDir
    Path home;

    private FakeAws aws;
    private final List<AwsConnection> connections = new CopyOnWriteArrayList<>();
    private final List<DeployProgress> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        aws = FakeAws.start();
    }

    @AfterEach
    void stop() {
        connections.forEach(AwsConnection::close);
        aws.close();
    }

    private Deployer deployer(String region) {
        AwsConnection connection = TestAws.connection(aws, region);
        connections.add(connection);
        return new Deployer(connection, ConfigDirectory.at(home.resolve("config")), Template.load(), Clock.systemUTC(),
                Duration.ofMillis(1));
    }

    private PreflightReport check(String domain, String certificate) {
        progress.clear();
        return deployer("us-east-1").check(STACK, domain, certificate, progress::add);
    }

    private static PreflightCheck only(PreflightReport report, Subject subject) {
        List<PreflightCheck> found = report.checks().stream().filter(c -> c.subject() == subject).toList();
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private Path jar() throws IOException {
        byte[] bytes = new byte[10_000];
        new Random(5).nextBytes(bytes);
        return Files.write(home.resolve("porthole-lambda.jar"), bytes);
    }

    @Test
    void aHealthyAccountPassesEveryCheckAndEachIsReported() {
        PreflightReport report = check("", "");

        assertThat(report.passed()).isTrue();
        assertThat(report.checks()).extracting(PreflightCheck::subject)
                .containsExactly(Subject.SNAPSTART_REGION, Subject.CONCURRENCY, Subject.LOG_GROUP);
        assertThat(report.checks()).allSatisfy(c -> {
            assertThat(c.outcome()).isEqualTo(Outcome.PASSED);
            assertThat(c.nextStep()).isEmpty();
        });
        assertThat(only(report, Subject.SNAPSTART_REGION).message()).contains("SnapStart").contains("us-east-1");
        assertThat(only(report, Subject.CONCURRENCY).message()).contains("1,000").contains("about 998 requests");
        assertThat(only(report, Subject.LOG_GROUP).message()).contains("No log group " + LOG_GROUP);
        // through the progress events, one line each
        assertThat(progress).extracting(DeployProgress::message)
                .anySatisfy(m -> assertThat(m).startsWith("Check passed: Lambda SnapStart"))
                .anySatisfy(m -> assertThat(m).startsWith("Check passed: Lambda can run 1,000"))
                .anySatisfy(m -> assertThat(m).contains("can be deployed in us-east-1"));
        assertThat(aws.calls()).contains("Lambda GetAccountSettings", "Logs DescribeLogGroups")
                .doesNotContain("ACM DescribeCertificate", "CreateChangeSet");
    }

    @Test
    void regionsWithoutSnapStartFailAndNameARegionNearby() {
        for (String region : List.of("ap-east-2", "ap-southeast-6")) {
            PreflightCheck check = only(deployer(region).check(STACK, "", "", progress::add), Subject.SNAPSTART_REGION);
            assertThat(check.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(check.message()).contains("not available in " + region)
                    .contains(region.equals("ap-east-2") ? "Asia Pacific (Taipei)" : "Asia Pacific (New Zealand)");
            assertThat(check.nextStep()).contains("--region").contains(region.equals("ap-east-2") ? "ap-northeast-1" : "ap-southeast-2");
        }
        PreflightCheck china = only(deployer("cn-north-1").check(STACK, "", "", progress::add), Subject.SNAPSTART_REGION);
        assertThat(china.outcome()).isEqualTo(Outcome.WARNING);
        assertThat(china.message()).contains("not a commercial AWS Region").contains("aws-cn");
    }

    @Test
    void aFailedCheckStopsTheDeploymentBeforeAnythingIsCreated() throws IOException {
        Deployer taipei = deployer("ap-east-2");

        assertThatThrownBy(() -> taipei.deploy(DeployRequest.of(STACK, jar()), progress::add))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.problem()).contains("SnapStart").contains("ap-east-2").contains("Nothing was created or changed");
                    assertThat(e.nextStep()).contains("--region");
                });
        assertThat(aws.calls()).doesNotContain("CreateChangeSet", "S3 PUT bucket", "S3 PUT object");
        assertThat(aws.s3.bucketNames()).isEmpty();
        assertThat(progress).extracting(DeployProgress::message).anySatisfy(m -> assertThat(m).startsWith("Check failed: Lambda SnapStart"));
    }

    @Test
    void aLowConcurrencyWarnsInPlainWordsWithTheQuotaCodeButDeploys() throws IOException {
        aws.lambda.concurrency(10, 10);

        PreflightCheck check = only(check("", ""), Subject.CONCURRENCY);

        assertThat(check.outcome()).isEqualTo(Outcome.WARNING);
        assertThat(check.message()).contains("only 10 Lambda invocations at once").contains("about 8 can be in flight")
                .contains("more than about 8 files in parallel").contains("500").contains("Webhooks");
        assertThat(check.nextStep()).contains("L-B99A9384").contains("Service Quotas")
                .contains("aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384");

        progress.clear();
        deployer("us-east-1").deploy(DeployRequest.of(STACK, jar()), progress::add);
        assertThat(aws.cloudFormation.status(STACK)).contains("CREATE_COMPLETE");
        assertThat(progress).extracting(DeployProgress::message)
                .anySatisfy(m -> assertThat(m).startsWith("Warning: Your AWS account can run only 10").contains("Next: Ask AWS"));
    }

    @Test
    void concurrencyAtOneHundredIsFineAndReservationsAreCounted() {
        aws.lambda.concurrency(100, 40);
        PreflightCheck check = only(check("", ""), Subject.CONCURRENCY);
        assertThat(check.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(check.message()).contains("40 of them not reserved").contains("about 38 requests");
    }

    @Test
    void aCheckThatCannotBeMadeIsAWarningNotAFailure() {
        aws.deny("Lambda GetAccountSettings");
        PreflightCheck check = only(check("", ""), Subject.CONCURRENCY);
        assertThat(check.outcome()).isEqualTo(Outcome.WARNING);
        assertThat(check.message()).startsWith("Could not check this before deploying.").contains("not authorized");
        assertThat(check.nextStep()).contains("goes on without this check");
    }

    @Test
    void anIssuedCertificateForTheNameOrAWildcardOneLabelUpPasses() {
        PreflightCheck byWildcard = only(check("hooks.example.com", CERTIFICATE), Subject.CERTIFICATE);
        assertThat(byWildcard.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(byWildcard.message()).contains("hooks.example.com is issued in us-east-1");

        aws.acm.put(CERTIFICATE, "ISSUED", "tunnel.example.org");
        assertThat(only(check("tunnel.example.org", CERTIFICATE), Subject.CERTIFICATE).outcome()).isEqualTo(Outcome.PASSED);
        assertThat(aws.calls()).contains("ACM DescribeCertificate");
    }

    @Test
    void aCertificateThatDoesNotNameTheDomainFailsAndSaysWhatItNames() {
        PreflightCheck twoDeep = only(check("a.hooks.example.com", CERTIFICATE), Subject.CERTIFICATE);
        assertThat(twoDeep.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(twoDeep.message()).contains("is for example.com, *.example.com, not for a.hooks.example.com");
        assertThat(twoDeep.nextStep()).contains("a.hooks.example.com").contains("*.hooks.example.com")
                .contains("aws acm request-certificate --domain-name a.hooks.example.com --validation-method DNS --region us-east-1");

        aws.acm.put(CERTIFICATE, "ISSUED", "example.org", "www.example.org");
        assertThat(only(check("hooks.example.org", CERTIFICATE), Subject.CERTIFICATE).message())
                .contains("is for example.org, www.example.org, not for hooks.example.org");
    }

    @Test
    void aCertificateNotYetIssuedFailsWithItsValidationRecord() {
        aws.acm.pending(CERTIFICATE, "hooks.example.com", "_x1.hooks.example.com.", "_y2.acm-validations.aws.");
        PreflightCheck check = only(check("hooks.example.com", CERTIFICATE), Subject.CERTIFICATE);
        assertThat(check.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(check.message()).contains("PENDING_VALIDATION");
        assertThat(check.nextStep()).contains("_x1.hooks.example.com. CNAME _y2.acm-validations.aws.").contains("deploy again");

        aws.acm.put(CERTIFICATE, "EXPIRED", "hooks.example.com");
        assertThat(only(check("hooks.example.com", CERTIFICATE), Subject.CERTIFICATE).message()).contains("has expired");
        aws.acm.put(CERTIFICATE, "REVOKED", "hooks.example.com");
        assertThat(only(check("hooks.example.com", CERTIFICATE), Subject.CERTIFICATE).message()).contains("its status is REVOKED");
    }

    @Test
    void aCertificateInAnotherRegionOrMissingFails() {
        PreflightCheck elsewhere = only(check("hooks.example.com",
                "arn:aws:acm:eu-west-1:" + FakeAws.ACCOUNT + ":certificate/abc-123"), Subject.CERTIFICATE);
        assertThat(elsewhere.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(elsewhere.message()).contains("is in eu-west-1, but the stack is in us-east-1");
        assertThat(elsewhere.nextStep()).contains("--region us-east-1");
        assertThat(aws.calls()).doesNotContain("ACM DescribeCertificate"); // told without asking ACM

        aws.acm.forget(CERTIFICATE);
        PreflightCheck missing = only(check("hooks.example.com", CERTIFICATE), Subject.CERTIFICATE);
        assertThat(missing.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(missing.message()).contains("There is no certificate " + CERTIFICATE + " in us-east-1");

        PreflightCheck none = only(check("hooks.example.com", ""), Subject.CERTIFICATE);
        assertThat(none.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(none.message()).contains("needs an ACM certificate");
        assertThat(none.nextStep()).contains("--certificate-arn");
    }

    @Test
    void aLogGroupLeftByAnotherFunctionFailsWithHowToDeleteOrAdoptIt() throws IOException {
        aws.logs.create(LOG_GROUP);

        PreflightCheck check = only(check("", ""), Subject.LOG_GROUP);

        assertThat(check.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(check.message()).contains("A log group named " + LOG_GROUP + " already exists in us-east-1")
                .contains("does not belong to stack 'porthole-test'");
        assertThat(check.nextStep()).contains("aws logs delete-log-group --log-group-name " + LOG_GROUP + " --region us-east-1")
                .contains("another --stack-name").contains("resource import").contains("FunctionLogGroup");
        assertThatThrownBy(() -> deployer("us-east-1").deploy(DeployRequest.of(STACK, jar()), progress::add))
                .isInstanceOf(DeployException.class).hasMessageContaining(LOG_GROUP);
        assertThat(aws.calls()).doesNotContain("CreateChangeSet");
    }

    @Test
    void theStacksOwnLogGroupIsNoClash() throws IOException {
        deployer("us-east-1").deploy(DeployRequest.of(STACK, jar()), progress::add);
        assertThat(aws.logs.exists(LOG_GROUP)).as("the stack made its log group").isTrue();

        PreflightCheck check = only(check("", ""), Subject.LOG_GROUP);

        assertThat(check.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(check.message()).contains("belongs to stack 'porthole-test'");
        assertThat(aws.calls()).contains("DescribeStackResource");
    }

    @Test
    void wildcardsCoverExactlyOneLabel() {
        assertThat(CertificateCheck.covers("*.example.com", "hooks.example.com")).isTrue();
        assertThat(CertificateCheck.covers("*.Example.com", "HOOKS.example.com")).isTrue();
        assertThat(CertificateCheck.covers("*.example.com", "example.com")).isFalse();
        assertThat(CertificateCheck.covers("*.example.com", "a.b.example.com")).isFalse();
        assertThat(CertificateCheck.covers("*.example.com", "hooks.example.com.evil.org")).isFalse();
        assertThat(CertificateCheck.covers("hooks.example.com", "hooks.example.com")).isTrue();
        assertThat(CertificateCheck.covers("hooks.example.com", "www.example.com")).isFalse();
    }
}
