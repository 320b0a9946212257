package dev.porthole.agent.cli;

import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.ScriptedBackend;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged {@code target/porthole-agent.jar}, run as a user runs it: a separate JVM, the token from the
 * environment. Runs after {@code package} (see the agent pom), so it proves the shaded jar is complete.
 */
class CommandLineJarIT {
    private static final String TOKEN = "test-token-jar";
    private static final Path JAR = Path.of("target", "porthole-agent.jar");

    private ScriptedBackend backend;
    private Origin origin;
    private Process process;

    @BeforeEach
    void start() throws Exception {
        assertThat(JAR).exists();
        backend = ScriptedBackend.start(TOKEN);
        origin = Origin.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        origin.close();
        backend.close();
    }

    private Process launch(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("PORTHOLE_TOKEN", TOKEN);
        return builder.start();
    }

    @Test
    void forwardsWithTheTokenFromTheEnvironmentKeepingThePublicHostOnRequest() throws Exception {
        process = launch("http", Integer.toString(origin.port()), "--host", "127.0.0.1", "--backend",
            backend.websocketUrl().toString(), "--tunnel-id", "jar-test", "--keep-public-host");
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));

        assertThat(stdout.readLine())
            .isEqualTo("Forwarding http://127.0.0.1:" + backend.port() + "/jar-test/ -> http://127.0.0.1:" + origin.port());

        ScriptedBackend.Reply reply = backend.send("jar-test", "GET", "/from-the-jar",
            HttpHeaders.of("host", "public.example"), new byte[0]).get(10, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(origin.take().headers().all("host")).containsExactly("public.example");
        assertThat(stdout.readLine()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} GET /from-the-jar 200 \\d+ ms");
        assertThat(threadNames(process.pid())).as("virtual threads waiting on sockets are woken by platform poller threads")
            .contains("\"Read-Poller\"").doesNotContain("\"MasterPoller\"");

        process.destroy(); // SIGTERM, as Ctrl+C or a service manager would
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!backend.openConnections().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(backend.openConnections()).as("the agent closed its connection on the way out").isEmpty();
    }

    /** The platform threads of a running JVM, as {@code jcmd <pid> Thread.print} lists them. */
    private static String threadNames(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dump.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void exitsWithOneAndAOneLineReasonWhenTheBackendRefusesTheToken() throws Exception {
        process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString(),
            "http", "3000", "--backend", backend.websocketUrl().toString(), "--token", "not-this-one").start();

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(err.lines().toList()).hasSize(1);
        assertThat(err).startsWith("porthole: the backend refused the agent token (401)").doesNotContain("not-this-one");
    }
    /** {@code --token-file} takes the place of PORTHOLE_TOKEN (here a wrong one) and is refused unless owner-only. */
    @Test
    void takesTheTokenFromAnOwnerOnlyFileAndRefusesOneOthersCanRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent-token");
        Files.writeString(file, TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ProcessBuilder refused = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
            JAR.toString(), "http", "3000", "--backend", backend.websocketUrl().toString(), "--token-file", file.toString());
        Process open = refused.start();
        assertThat(open.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(open.exitValue()).isEqualTo(2);
        assertThat(new String(open.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
            .contains("chmod 600 " + file).doesNotContain(TOKEN);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
            JAR.toString(), "http", Integer.toString(origin.port()), "--host", "127.0.0.1", "--backend",
            backend.websocketUrl().toString(), "--tunnel-id", "jar-token-file", "--token-file", file.toString());
        builder.environment().put("PORTHOLE_TOKEN", "not-the-token");
        process = builder.start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));

        assertThat(stdout.readLine()).startsWith("Forwarding http://127.0.0.1:" + backend.port() + "/jar-token-file/");
    }
}
