package dev.porthole.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.porthole.deploy.artifact.ArtifactBucket;
import dev.porthole.deploy.aws.AwsConnection;
import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.deploy.testing.FakeAws;
import dev.porthole.deploy.testing.FakeS3;
import dev.porthole.deploy.testing.TestAws;
import dev.porthole.deploy.token.AgentToken;
import dev.porthole.template.Template;

/** The deployer against a local CloudFormation + S3 + STS, driven by the real AWS SDK. */
class DeployerTest {

    private static final String STACK = "porthole-test";

    @TempDir
    Path home;

    private FakeAws aws;
    private AwsConnection connection;
    private Deployer deployer;
    private Path jar;
    private final List<DeployProgress> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        aws = FakeAws.start();
        connection = TestAws.connection(aws);
        deployer = new Deployer(connection, ConfigDirectory.at(home.resolve("config")), Template.load(), Clock.systemUTC(),
                Duration.ofMillis(1));
        jar = jar("porthole-lambda.jar", 1);
    }

    @AfterEach
    void stop() {
        connection.close();
        aws.close();
    }

    private Path jar(String name, long seed) throws IOException {
        byte[] bytes = new byte[200_000];
        new Random(seed).nextBytes(bytes);
        return Files.write(home.resolve(name), bytes);
    }

    private BackendDescription deploy(DeployRequest request) {
        progress.clear();
        return deployer.deploy(request, progress::add);
    }

    @Test
    void createsTheStackAndDescribesTheBackend() throws IOException {
        BackendDescription backend = deploy(DeployRequest.of(STACK, jar));

        assertThat(backend.stackName()).isEqualTo(STACK);
        assertThat(backend.region()).isEqualTo("us-east-1");
        assertThat(backend.websocketUrl().toString()).matches("wss://\\w+\\.execute-api\\.us-east-1\\.amazonaws\\.com/porthole");
        assertThat(backend.publicUrl().toString()).matches("https://\\w+\\.execute-api\\.us-east-1\\.amazonaws\\.com/");
        assertThat(backend.managementEndpoint().toString()).isEqualTo(backend.websocketUrl().toString().replace("wss:", "https:"));
        assertThat(backend.templateVersion()).isEqualTo(Template.load().version());
        assertThat(backend.customDomainTarget()).as("no custom domain, no CNAME target").isEmpty();
        assertThat(aws.cloudFormation.status(STACK)).contains("CREATE_COMPLETE");

        // progress: typed resource events for every resource, percentages that only grow, ending at 100
        List<DeployProgress.ResourceEvent> events = progress.stream()
                .filter(DeployProgress.ResourceEvent.class::isInstance).map(DeployProgress.ResourceEvent.class::cast).toList();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.logicalId()).isEqualTo("Function");
            assertThat(e.resourceType()).isEqualTo("AWS::Lambda::Function");
            assertThat(e.status()).isEqualTo("CREATE_COMPLETE");
        });
        assertThat(events.stream().filter(e -> e.status().equals("CREATE_COMPLETE")).map(DeployProgress.ResourceEvent::logicalId))
                .contains("Table", "FunctionRole", "FunctionVersion", "FunctionAlias", "WebSocketStage", "HttpStage", STACK)
                .doesNotContain("CustomDomain");
        assertThat(progress.stream().mapToInt(DeployProgress::percent).toArray()).isSorted();
        assertThat(progress.getLast().percent()).isEqualTo(100);

        // the token stays here, owner-only; AWS got its hash and ID, never the token
        Path tokenFile = deployer.tokenLocation(STACK);
        AgentToken token = deployer.token(STACK).orElseThrow();
        assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(tokenFile.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        Map<String, String> parameters = aws.cloudFormation.parameters(STACK);
        assertThat(parameters).containsEntry("AgentTokenHash", token.sha256Hex()).containsEntry("AgentTokenId", token.id())
                .containsEntry("MemorySize", "1024").containsEntry("StageName", "porthole").containsEntry("DomainName", "");
        assertThat(parameters.values()).doesNotContain(token.value());
        assertThat(progress).noneMatch(p -> p.message().contains(token.value()));

        // the code went to a locked-down bucket of this stack, under its content hash
        String bucketName = parameters.get("ArtifactBucket");
        assertThat(bucketName).isEqualTo(ArtifactBucket.nameFor(FakeAws.ACCOUNT, "us-east-1", STACK));
        FakeS3.Bucket bucket = aws.s3.bucket(bucketName).orElseThrow();
        assertThat(bucket.publicAccessBlock).contains("<BlockPublicAcls>true</BlockPublicAcls>")
                .contains("<IgnorePublicAcls>true</IgnorePublicAcls>").contains("<BlockPublicPolicy>true</BlockPublicPolicy>")
                .contains("<RestrictPublicBuckets>true</RestrictPublicBuckets>");
        assertThat(bucket.encryption).contains("<SSEAlgorithm>AES256</SSEAlgorithm>");
        assertThat(bucket.lifecycle).contains("<Days>30</Days>").contains("<Value>superseded</Value>").contains("<Value>uploaded</Value>")
                .doesNotContain("<Value>current</Value>");
        assertThat(bucket.tags).containsEntry("porthole:stack", STACK).containsEntry("porthole:created-by", "porthole-deployer");
        assertThat(bucket.locationConstraint).isEmpty(); // us-east-1 must not be named
        String key = parameters.get("ArtifactKey");
        assertThat(key).isEqualTo(ArtifactBucket.keyFor(jar)).matches("lambda/[0-9a-f]{64}\\.jar");
        assertThat(bucket.objects.get(key).bytes).isEqualTo(Files.readAllBytes(jar));
        assertThat(bucket.objects.get(key).tags).containsEntry("porthole:artifact", "current");
    }

    @Test
    void deployingAgainWithNothingChangedSucceedsWithoutUploadingOrExecuting() {
        deploy(DeployRequest.of(STACK, jar));
        Map<String, String> before = aws.cloudFormation.parameters(STACK);
        long uploads = aws.count("S3 PUT object");

        BackendDescription again = deploy(DeployRequest.of(STACK, jar));

        assertThat(again.publicUrl()).isNotNull();
        assertThat(aws.count("S3 PUT object")).isEqualTo(uploads);
        assertThat(aws.cloudFormation.executions()).isEqualTo(1);
        assertThat(aws.cloudFormation.parameters(STACK)).isEqualTo(before);
        assertThat(progress).anySatisfy(p -> assertThat(p.message()).contains("up to date"));
        assertThat(progress).anySatisfy(p -> assertThat(p.message()).contains("already uploaded"));
        assertThat(progress.getLast().percent()).isEqualTo(100);
        assertThat(aws.calls()).contains("DeleteChangeSet");
    }

    @Test
    void updatesCodeAndSettingsAndRetiresTheOldCode() throws IOException {
        deploy(DeployRequest.of(STACK, jar));
        String oldKey = aws.cloudFormation.parameters(STACK).get("ArtifactKey");
        Path newJar = jar("porthole-lambda-2.jar", 2);

        deploy(DeployRequest.of(STACK, newJar).withMemorySize(2048));

        Map<String, String> parameters = aws.cloudFormation.parameters(STACK);
        assertThat(parameters.get("ArtifactKey")).isEqualTo(ArtifactBucket.keyFor(newJar)).isNotEqualTo(oldKey);
        assertThat(parameters).containsEntry("MemorySize", "2048");
        assertThat(aws.cloudFormation.status(STACK)).contains("UPDATE_COMPLETE");
        List<String> updated = progress.stream().filter(DeployProgress.ResourceEvent.class::isInstance)
                .map(DeployProgress.ResourceEvent.class::cast).filter(e -> e.status().equals("UPDATE_COMPLETE"))
                .map(DeployProgress.ResourceEvent::logicalId).toList();
        // the function and the version that pins its code change; the table does not
        assertThat(updated).contains("Function", "FunctionVersion").doesNotContain("Table");
        FakeS3.Bucket bucket = aws.s3.bucket(parameters.get("ArtifactBucket")).orElseThrow();
        assertThat(bucket.objects.get(parameters.get("ArtifactKey")).tags).containsEntry("porthole:artifact", "current");
        assertThat(bucket.objects.get(oldKey).tags).containsEntry("porthole:artifact", "superseded");
    }

    @Test
    void aFailedCreationNamesTheFirstFailedResourceAndTheRollback() {
        aws.cloudFormation.failResource("Function", "Resource handler returned message: \"Error occurred while GetObject. "
                + "S3 Error Code: AccessDenied\" (Service: Lambda, Status Code: 400)");

        assertThatThrownBy(() -> deploy(DeployRequest.of(STACK, jar)))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.failedResource()).contains("Function");
                    assertThat(e.stackStatus()).contains("ROLLBACK_COMPLETE");
                    assertThat(e.problem()).contains("Could not create stack 'porthole-test'")
                            .contains("Function (AWS::Lambda::Function) could not be created")
                            .contains("S3 Error Code: AccessDenied")
                            .contains("rolled the new stack back")
                            .doesNotContain("cancelled");
                    assertThat(e.nextStep()).contains("deploy again");
                });
        assertThat(progress).anySatisfy(p -> assertThat(p.message()).contains("CREATE_FAILED"));

        // the next deployment clears the failed stack and creates it anew
        BackendDescription backend = deploy(DeployRequest.of(STACK, jar));
        assertThat(backend.publicUrl()).isNotNull();
        assertThat(progress).anySatisfy(p -> assertThat(p.message()).contains("Removing the earlier failed attempt"));
        assertThat(aws.cloudFormation.status(STACK)).contains("CREATE_COMPLETE");
    }

    @Test
    void aFailedUpdateRollsBackAndSaysThePreviousVersionStillRuns() throws IOException {
        deploy(DeployRequest.of(STACK, jar));
        aws.cloudFormation.failResource("FunctionVersion", "SnapStart optimization failed for the published version");

        assertThatThrownBy(() -> deploy(DeployRequest.of(STACK, jar("porthole-lambda-2.jar", 3))))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.failedResource()).contains("FunctionVersion");
                    assertThat(e.stackStatus()).contains("UPDATE_ROLLBACK_COMPLETE");
                    assertThat(e.getMessage()).contains("FunctionVersion (AWS::Lambda::Version) could not be updated: SnapStart optimization failed")
                            .contains("previous version is still running");
                });
        assertThat(aws.cloudFormation.status(STACK)).contains("UPDATE_ROLLBACK_COMPLETE");
        assertThat(deployer.describe(STACK)).isPresent();
    }

    @Test
    void throttledCallsAreRetried() {
        aws.throttle("DescribeStacks", 2);
        aws.throttle("CreateChangeSet", 1);
        aws.throttle("S3 PUT object", 1);

        BackendDescription backend = deploy(DeployRequest.of(STACK, jar));

        assertThat(backend.publicUrl()).isNotNull();
        assertThat(aws.count("CreateChangeSet")).isEqualTo(2);
        assertThat(aws.count("S3 PUT object")).isEqualTo(2);
    }

    @Test
    void throttlingThatNeverStopsIsReportedPlainly() {
        aws.throttle("DescribeStacks", 100);
        assertThatThrownBy(() -> deploy(DeployRequest.of(STACK, jar)))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.problem()).contains("throttling").contains("Rate exceeded");
                    assertThat(e.nextStep()).contains("Wait a minute");
                });
    }

    @Test
    void adoptsAStackOfTheSameNameDeployedElsewhere() {
        AgentToken otherMachine = AgentToken.generate();
        deployer.deploy(DeployRequest.of(STACK, jar), p -> { });
        // another computer deployed it: this one has no token yet
        Path other = home.resolve("other-config");
        Deployer here = new Deployer(connection, ConfigDirectory.at(other), Template.load(), Clock.systemUTC(), Duration.ofMillis(1));
        assertThat(here.token(STACK)).isEmpty();
        progress.clear();

        here.deploy(DeployRequest.of(STACK, jar), progress::add);

        AgentToken token = here.token(STACK).orElseThrow();
        assertThat(token).isNotEqualTo(otherMachine);
        assertThat(aws.cloudFormation.parameters(STACK)).containsEntry("AgentTokenId", token.id());
        assertThat(progress).anySatisfy(p -> assertThat(p.message()).contains("another agent token"));
        assertThat(aws.calls()).doesNotContain("DeleteStack");
    }

    @Test
    void destroyRemovesTheStackTheBucketAndTheToken() {
        deploy(DeployRequest.of(STACK, jar));
        String bucketName = aws.cloudFormation.parameters(STACK).get("ArtifactBucket");
        progress.clear();

        deployer.destroy(STACK, Duration.ofMinutes(1), progress::add);

        assertThat(aws.cloudFormation.status(STACK)).isEmpty();
        assertThat(aws.s3.bucket(bucketName)).isEmpty();
        assertThat(deployer.token(STACK)).isEmpty();
        assertThat(deployer.describe(STACK)).isEmpty();
        assertThat(progress).anySatisfy(p -> assertThat(p.message()).contains("DELETE_COMPLETE"));
        assertThat(progress.getLast().percent()).isEqualTo(100);

        // and again: nothing there is not an error
        deployer.destroy(STACK, Duration.ofMinutes(1), progress::add);
    }

    @Test
    void destroyLeavesABucketPortholeDidNotCreate() {
        FakeS3.Bucket foreign = aws.s3.seedBucket(ArtifactBucket.nameFor(FakeAws.ACCOUNT, "us-east-1", STACK));
        foreign.tags.put("owner", "someone-else");
        progress.clear();

        deployer.destroy(STACK, Duration.ofMinutes(1), progress::add);

        assertThat(aws.s3.bucket(ArtifactBucket.nameFor(FakeAws.ACCOUNT, "us-east-1", STACK))).isPresent();
        assertThat(progress).anySatisfy(p -> assertThat(p.message()).contains("Left the bucket"));
    }

    @Test
    void aResourceThatCannotBeDeletedIsNamed() {
        deploy(DeployRequest.of(STACK, jar));
        aws.cloudFormation.failResource("Table", "Table is being used by a backup");

        assertThatThrownBy(() -> deployer.destroy(STACK, Duration.ofMinutes(1), progress::add))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.failedResource()).contains("Table");
                    assertThat(e.stackStatus()).contains("DELETE_FAILED");
                    assertThat(e.getMessage()).contains("Table (AWS::DynamoDB::Table) could not be deleted: Table is being used by a backup")
                            .contains("run destroy again");
                });
    }

    @Test
    void expiredCredentialsGiveAClearMessage() {
        aws.expire("AKIATESTKEY");
        assertThatThrownBy(() -> deploy(DeployRequest.of(STACK, jar)))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.problem()).startsWith("Your AWS credentials have expired");
                    assertThat(e.nextStep()).contains("aws sso login").contains("try again");
                });
        assertThat(aws.calls()).containsExactly("GetCallerIdentity"); // nothing else was attempted
    }

    @Test
    void aCustomDomainIsDescribedWithTheNameItsCnameMustPointAt() {
        String certificate = "arn:aws:acm:us-east-1:" + FakeAws.ACCOUNT + ":certificate/abc-123";
        BackendDescription backend = deploy(DeployRequest.of(STACK, jar).withCustomDomain("hooks.example.com", certificate));

        assertThat(backend.publicUrl().toString()).isEqualTo("https://hooks.example.com/");
        assertThat(backend.customDomainTarget()).hasValueSatisfying(target ->
                assertThat(target).matches("d-\\w+\\.execute-api\\.us-east-1\\.amazonaws\\.com"));
        assertThat(deployer.describe(STACK).orElseThrow().customDomainTarget()).isEqualTo(backend.customDomainTarget());

        // taking the domain away again leaves nothing to point at
        BackendDescription plain = deploy(DeployRequest.of(STACK, jar).withCustomDomain("", ""));
        assertThat(plain.customDomainTarget()).isEmpty();
        assertThat(plain.publicUrl().toString()).matches("https://\\w+\\.execute-api\\.us-east-1\\.amazonaws\\.com/");
    }

    @Test
    void badRequestsAreRefusedBeforeAnyAwsCall() {
        assertThatThrownBy(() -> deploy(DeployRequest.of("9lives", jar)))
                .isInstanceOf(DeployException.class).hasMessageContaining("cannot be a Porthole stack name");
        assertThatThrownBy(() -> deploy(DeployRequest.of(STACK, home.resolve("missing.jar"))))
                .isInstanceOf(DeployException.class).hasMessageContaining("missing.jar does not exist")
                .hasMessageContaining("./mvnw -pl lambda-backend -am package");
        assertThatThrownBy(() -> deploy(DeployRequest.of(STACK, jar).withMemorySize(128)))
                .isInstanceOf(DeployException.class).hasMessageContaining("MemorySize").hasMessageContaining("at least 512");
        assertThatThrownBy(() -> deploy(DeployRequest.of(STACK, jar).withCustomDomain("Not A Domain", "")))
                .isInstanceOf(DeployException.class).hasMessageContaining("DomainName");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void aDeadlineStopsTheWait() {
        Deployer impatient = new Deployer(connection, ConfigDirectory.at(home.resolve("config")), Template.load(),
                Clock.systemUTC(), Duration.ofMillis(50));
        assertThatThrownBy(() -> impatient.deploy(DeployRequest.of(STACK, jar).withTimeout(Duration.ofMillis(200)), p -> { }))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.problem()).contains("Gave up waiting");
                    assertThat(e.nextStep()).contains("run the same command again");
                });
    }
}
