package dev.porthole.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.porthole.deploy.testing.FakeAws;

import picocli.CommandLine;

/** The command line's wiring and its answers to bad input (deploying itself is DeployerTest's). */
class PortholeDeployTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine commandLine = PortholeDeploy.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommands() {
        Run run = run("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("deploy").contains("check").contains("destroy").contains("status").contains("profiles");
        assertThat(run("deploy", "--help").out()).contains("--profile").contains("--region").contains("--stack-name")
                .contains("--lambda-jar");
    }

    @Test
    void aMissingLambdaJarIsExplained() {
        Run run = run("deploy", "--region", "eu-west-1", "--lambda-jar", "/no/such/porthole-lambda.jar");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("Error: The Lambda jar /no/such/porthole-lambda.jar does not exist.")
                .contains("Next: Build it with `./mvnw -pl lambda-backend -am package`");
    }

    @Test
    void withoutAJarOptionTheBuiltOneIsLookedFor() {
        // tests run in deployer/, where lambda-backend/target/porthole-lambda.jar does not exist
        Run run = run("deploy", "--region", "eu-west-1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("No Lambda jar").contains("--lambda-jar");
    }

    @Test
    void aBadStackNameIsRefused() {
        Run run = run("destroy", "--region", "eu-west-1", "--stack-name", "bad_name");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("'bad_name' cannot be a Porthole stack name").contains("Next: Use letters");
    }

    @Test
    void deploysReportsAndDestroysThroughTheCommandLine(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("porthole-lambda.jar"), new byte[] {'P', 'K', 3, 4});
        String config = dir.resolve("config").toString();
        // the default chain reads these system properties first: the user's own files stay out of it
        System.setProperty("aws.accessKeyId", "AKIACLITEST");
        System.setProperty("aws.secretAccessKey", "cli-secret");
        try (FakeAws aws = FakeAws.start()) {
            String[] common = {"--region", "us-east-1", "--endpoint-url", aws.endpoint().toString(), "--config-dir", config,
                    "--poll-millis", "1"};

            Run deploy = run(concat(new String[] {"deploy", "--lambda-jar", jar.toString()}, common));
            assertThat(deploy.err()).isEmpty();
            assertThat(deploy.exit()).isZero();
            assertThat(deploy.out()).contains("[  2%] Checking the AWS credentials for us-east-1")
                    .contains("Function (AWS::Lambda::Function) CREATE_COMPLETE").contains("[100%] Backend ready")
                    .containsPattern("WebSocket URL: wss://\\w+\\.execute-api\\.us-east-1\\.amazonaws\\.com/porthole")
                    .containsPattern("Public URL: +https://\\w+\\.execute-api\\.us-east-1\\.amazonaws\\.com/")
                    .contains("Agent token:   stored in " + dir.resolve("config/backends/us-east-1/porthole/agent-token"));
            String token = Files.readString(dir.resolve("config/backends/us-east-1/porthole/agent-token")).strip();
            assertThat(deploy.out()).doesNotContain(token);

            Run status = run(concat(new String[] {"status", "--no-health"}, common)); // the fake URLs are not reachable
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("Public URL:").contains("template " + dev.porthole.template.Template.load().version()).contains("stored in")
                    .contains("Limits:           About 100 small requests per second and 998 at once")
                    .contains("Public requests: 100 per second").doesNotContain("Warning:");

            Run destroy = run(concat(new String[] {"destroy"}, common));
            assertThat(destroy.exit()).isZero();
            assertThat(destroy.out()).contains("[100%] Stack 'porthole' is removed");
            assertThat(run(concat(new String[] {"status", "--no-health"}, common)).exit()).isEqualTo(3);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void checkReportsEveryCheckAndFailsOnlyWhenOneFails() {
        System.setProperty("aws.accessKeyId", "AKIACLITEST");
        System.setProperty("aws.secretAccessKey", "cli-secret");
        try (FakeAws aws = FakeAws.start()) {
            String endpoint = aws.endpoint().toString();
            aws.lambda.concurrency(10, 10);

            Run warned = run("check", "--region", "us-east-1", "--endpoint-url", endpoint, "--domain", "hooks.example.com",
                    "--certificate-arn", "arn:aws:acm:us-east-1:" + FakeAws.ACCOUNT + ":certificate/abc-123");
            assertThat(warned.exit()).as(warned.err()).isZero();
            assertThat(warned.out()).contains("Check passed: Lambda SnapStart").contains("Warning: Your AWS account can run only 10")
                    .contains("L-B99A9384").contains("Check passed: The certificate for hooks.example.com is issued")
                    .contains("0 failed, 1 warning, 3 passed.");

            Run failed = run("check", "--region", "ap-east-2", "--endpoint-url", endpoint);
            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.out()).contains("Check failed: Lambda SnapStart").contains("Next: Deploy to a Region that has it")
                    .contains("cannot be deployed in ap-east-2").contains("1 failed, 1 warning, 1 passed.");
            assertThat(aws.calls()).doesNotContain("CreateChangeSet");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
