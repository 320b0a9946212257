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

    @Test
    void aMissingTokenIsRefused() {
        Run run = run("--port", "0", "--in-memory", "--token", " ");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("no agent token");
    }
}
