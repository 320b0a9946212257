package dev.porthole.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

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
        assertThat(run.out()).contains("deploy").contains("destroy").contains("status").contains("profiles");
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
}
