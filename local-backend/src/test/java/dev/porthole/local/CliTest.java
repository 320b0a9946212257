package dev.porthole.local;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone server's command line: bad flags and a busy port end with one line and exit code 2. */
class CliTest {

    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), err.toString());
    }

    @Test
    void badFlagsPrintUsageAndExit2() {
        Run missingPort = run("--token", "t");
        assertThat(missingPort.code()).isEqualTo(2);
        assertThat(missingPort.err()).contains("Missing required option: '--port=N'").contains("Usage:");
        assertThat(run("--port", "eighty", "--token", "t").code()).isEqualTo(2);
        assertThat(run("--port", "0", "--token", "t", "--in-memory", "--data-dir", "/tmp/x").code()).isEqualTo(2);
        assertThat(run("--port", "0", "--bogus").code()).isEqualTo(2);
    }

    @Test
    void aBusyPortIsOneClearLineAndExit2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run run = run("--port", Integer.toString(taken.getLocalPort()), "--token", "t", "--in-memory");
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err().strip()).doesNotContain("\n")
                .isEqualTo("porthole-local: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use; pick another with --port");
        }
    }

    private static LocalBackendOptions optionsFor(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main.options();
    }

    @Test
    void likeAwsTurnsOnEveryRealityAndSingleFlagsChangeSingleParts() {
        LocalBackendOptions fast = optionsFor("--port", "0", "--token", "t", "--in-memory");
        assertThat(fast.runtime()).isEqualTo(dev.porthole.local.lambda.RuntimeSettings.fast());
        assertThat(fast.quotas()).isFalse();

        LocalBackendOptions aws = optionsFor("--port", "0", "--token", "t", "--in-memory", "--like-aws");
        assertThat(aws.runtime().concurrency()).isEqualTo(10);
        assertThat(aws.runtime().coldStart()).isEqualTo(java.time.Duration.ofMillis(1000));
        assertThat(aws.runtime().freeze()).isTrue();
        assertThat(aws.runtime().payloadLimit()).isEqualTo(6L * 1024 * 1024);
        assertThat(aws.quotas()).isTrue();

        LocalBackendOptions tuned = optionsFor("--port", "0", "--token", "t", "--in-memory", "--like-aws",
            "--concurrency", "3", "--cold-start-ms", "2000");
        assertThat(tuned.runtime().concurrency()).isEqualTo(3);
        assertThat(tuned.runtime().coldStart()).isEqualTo(java.time.Duration.ofMillis(2000));

        LocalBackendOptions parts = optionsFor("--port", "0", "--token", "t", "--in-memory", "--freeze", "--quotas", "--concurrency", "5");
        assertThat(parts.runtime().freeze()).isTrue();
        assertThat(parts.runtime().concurrency()).isEqualTo(5);
        assertThat(parts.runtime().coldStart()).isZero();
        assertThat(parts.quotas()).isTrue();

        Run zero = run("--port", "0", "--token", "t", "--in-memory", "--concurrency", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--concurrency must be at least 1");
    }

    @Test
    void theTokenCanComeFromAFileOnlyItsOwnerCanRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("token");
        java.nio.file.Files.writeString(file, "from-the-file\n");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(optionsFor("--port", "0", "--in-memory", "--token-file", file.toString()).token()).isEqualTo("from-the-file");

        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Run open = run("--port", "0", "--in-memory", "--token-file", file.toString());
        assertThat(open.code()).isEqualTo(2);
        assertThat(open.err()).contains("chmod 600").doesNotContain("from-the-file");

        Run both = run("--port", "0", "--in-memory", "--token", "t", "--token-file", file.toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
    }

    @Test
    void aMissingTokenIsRefused() {
        Run run = run("--port", "0", "--in-memory", "--token", " ");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("no agent token");
    }
}
