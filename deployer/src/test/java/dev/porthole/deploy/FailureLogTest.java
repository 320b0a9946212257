package dev.porthole.deploy;

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

import dev.porthole.deploy.aws.AwsConnection;
import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.deploy.logs.FunctionLog;
import dev.porthole.deploy.testing.FakeAws;
import dev.porthole.deploy.testing.TestAws;
import dev.porthole.deploy.token.AgentToken;
import dev.porthole.deploy.token.TokenStore;
import dev.porthole.template.Template;

/** When the function itself makes a deployment fail, the user sees what it logged, not only "rolled back". */
class FailureLogTest {

    private static final String STACK = "porthole-test";
    private static final String LOG_GROUP = "/aws/lambda/porthole-test-function";

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
        byte[] bytes = new byte[20_000];
        new Random(3).nextBytes(bytes);
        jar = Files.write(home.resolve("porthole-lambda.jar"), bytes);
    }

    @AfterEach
    void stop() {
        connection.close();
        aws.close();
    }

    @Test
    void aFirstCreationThatFailsInTheFunctionShowsItsLastLogLinesBeforeTheRollbackRemovesThem() {
        AgentToken token = AgentToken.generate();
        new TokenStore(ConfigDirectory.at(home.resolve("config"))).save("us-east-1", STACK, token);
        String[] init = new String[25];
        for (int i = 0; i < 23; i++) {
            init[i] = "INIT line " + i;
        }
        init[23] = "Exception in beforeCheckpoint: cannot reach table (token " + token.value() + ")";
        init[24] = "INIT_REPORT Init Duration: 9871.12 ms Phase: init Status: error Error Type: Runtime.ExitError";
        aws.logs.whenCreated(LOG_GROUP, init);
        aws.cloudFormation.failResource("FunctionVersion", "Resource handler returned message: \"Lambda function "
                + "porthole-test-function failed to publish: SnapStart initialization failed\"");

        assertThatThrownBy(() -> deployer.deploy(DeployRequest.of(STACK, jar), progress::add))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.failedResource()).contains("FunctionVersion");
                    assertThat(e.stackStatus()).contains("ROLLBACK_COMPLETE");
                    assertThat(e.functionLog()).hasSize(20).startsWith("INIT line 5")
                            .endsWith("INIT_REPORT Init Duration: 9871.12 ms Phase: init Status: error Error Type: Runtime.ExitError");
                    assertThat(e.functionLog()).contains("Exception in beforeCheckpoint: cannot reach table (token "
                            + FunctionLog.REMOVED + ")");
                    assertThat(e.problem()).contains("SnapStart initialization failed").contains("rolled the new stack back")
                            .contains("The function's last log lines before the failure:\n  INIT line 5")
                            .contains("Status: error Error Type: Runtime.ExitError");
                    assertThat(e.getMessage()).doesNotContain(token.value());
                    assertThat(e.nextStep()).contains("deploy again");
                });
        assertThat(progress).extracting(DeployProgress::message)
                .anySatisfy(m -> assertThat(m).startsWith("Read the function's last 20 log lines"))
                .noneSatisfy(m -> assertThat(m).contains(token.value()));
        assertThat(aws.logs.exists(LOG_GROUP)).as("the rollback removed the log group: reading later would find nothing").isFalse();
        assertThat(aws.calls()).contains("Logs DescribeLogStreams", "Logs GetLogEvents");
    }

    @Test
    void aFailureBeforeTheFunctionExistsReadsNoLog() {
        aws.cloudFormation.failResource("Table", "Table is being used by a backup");

        assertThatThrownBy(() -> deployer.deploy(DeployRequest.of(STACK, jar), progress::add))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.functionLog()).isEmpty();
                    assertThat(e.problem()).contains("Table").doesNotContain("log lines");
                });
        assertThat(aws.calls()).doesNotContain("Logs DescribeLogStreams");
    }

    @Test
    void aFunctionThatLoggedNothingIsSaidSo() {
        aws.cloudFormation.failResource("FunctionVersion", "SnapStart initialization failed");

        assertThatThrownBy(() -> deployer.deploy(DeployRequest.of(STACK, jar), progress::add))
                .isInstanceOfSatisfying(DeployException.class, e -> assertThat(e.functionLog()).isEmpty());
        assertThat(progress).extracting(DeployProgress::message)
                .anySatisfy(m -> assertThat(m).isEqualTo("The function logged nothing before the failure"));
    }
}
