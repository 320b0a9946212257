package dev.porthole.agent.cli;

import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.agent.testing.ScriptedBackend;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line, run in this JVM with its output captured. */
class CommandLineTest {
    private static final String TOKEN = "test-token-cli";

    private ScriptedBackend backend;
    private Origin origin;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Thread running;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        backend = ScriptedBackend.start(TOKEN);
        origin = Origin.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.interrupt();
            running.join(5_000);
        }
        origin.close();
        backend.close();
    }

    private void run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        running = Thread.ofPlatform().start(() -> exit.complete(cli.execute(args)));
    }

    private int exitCode() throws Exception {
        return exit.get(10, TimeUnit.SECONDS);
    }

    private static List<String> lines(StringWriter w) {
        return w.toString().lines().toList();
    }

    private void waitFor(StringWriter w, Predicate<List<String>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.test(lines(w))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not printed within 10 s; stdout:\n" + out + "\nstderr:\n" + err);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void printsTheForwardingLineFirstThenOneLinePerRequest() throws Exception {
        origin.handler(r -> Answer.text(201, "created"));
        run("http", Integer.toString(origin.port()), "--host", "127.0.0.1", "--backend", backend.websocketUrl().toString(),
            "--token", TOKEN, "--tunnel-id", "cli-test");

        waitFor(out, l -> !l.isEmpty());
        assertThat(lines(out).getFirst()).isEqualTo("Forwarding http://127.0.0.1:" + backend.port() + "/cli-test/ -> http://127.0.0.1:" + origin.port());

        backend.send("cli-test", "POST", "/hooks/stripe?a=1", HttpHeaders.EMPTY, "{}".getBytes(StandardCharsets.UTF_8))
            .get(10, TimeUnit.SECONDS);
        waitFor(out, l -> l.size() >= 2);
        assertThat(lines(out).get(1)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} POST /hooks/stripe\\?a=1 201 \\d+ ms");

        origin.close();
        backend.send("cli-test", "GET", "/down", HttpHeaders.EMPTY, new byte[0]).get(10, TimeUnit.SECONDS);
        waitFor(out, l -> l.size() >= 3);
        assertThat(lines(out).get(2)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} GET /down 502 \\d+ ms \\(.*refused.*\\)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void exitsWithOneAndOneLineOfReasonWhenTheTokenIsWrong() throws Exception {
        run("http", "3000", "--backend", backend.websocketUrl().toString(), "--token", "wrong-secret");

        assertThat(exitCode()).isEqualTo(1);
        assertThat(lines(err)).hasSize(1);
        assertThat(lines(err).getFirst()).startsWith("porthole: the backend refused the agent token");
        assertThat(out.toString() + err).doesNotContain("wrong-secret");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void exitsWithOneWhenTheTunnelIdIsTaken() throws Exception {
        run("http", "3000", "--backend", backend.websocketUrl().toString(), "--token", TOKEN, "--tunnel-id", "taken-id");
        waitFor(out, l -> !l.isEmpty());
        Thread first = running;
        CompletableFuture<Integer> secondExit = new CompletableFuture<>();
        StringWriter secondErr = new StringWriter();
        CommandLine second = Main.commandLine();
        second.setOut(new PrintWriter(new StringWriter(), true));
        second.setErr(new PrintWriter(secondErr, true));
        Thread.ofPlatform().start(() -> secondExit.complete(second.execute("http", "3001", "--backend",
            backend.websocketUrl().toString(), "--token", TOKEN, "--tunnel-id", "taken-id")));

        assertThat(secondExit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(secondErr.toString()).startsWith("porthole: tunnel ID \"taken-id\" is in use by another agent");
        assertThat(first.isAlive()).isTrue();
    }

    @Test
    void printsRetryMessagesWhileTheBackendIsDown() throws Exception {
        backend.refuseUpgrades(503);
        run("http", Integer.toString(origin.port()), "--backend", backend.websocketUrl().toString(), "--token", TOKEN);

        waitFor(err, l -> l.size() >= 2);
        assertThat(lines(err).getFirst()).matches(".*answered the WebSocket upgrade with HTTP 503; retrying in \\d+\\.\\d s \\(attempt 1\\)");
        backend.refuseUpgrades(0);
        waitFor(out, l -> !l.isEmpty());
        assertThat(lines(out).getFirst()).startsWith("Forwarding http://127.0.0.1:" + backend.port() + "/");
    }

    @Test
    void exitsWithTwoAndTheUsageForWrongArguments() throws Exception {
        run("http", "not-a-port", "--backend", backend.websocketUrl().toString(), "--token", TOKEN);

        assertThat(exitCode()).isEqualTo(2);
        assertThat(err.toString()).contains("'not-a-port' is not an int").contains("Usage: porthole-agent http");
    }

    @Test
    void exitsWithTwoWhenTheBackendUrlIsNotAWebSocketUrl() throws Exception {
        run("http", "3000", "--backend", "https://example.com", "--token", TOKEN);

        assertThat(exitCode()).isEqualTo(2);
        assertThat(err.toString()).contains("must start with ws:// or wss://");
    }

    @Test
    void exitsWithTwoWhenBasicAuthIsNotUserColonPassword() throws Exception {
        run("http", "3000", "--backend", backend.websocketUrl().toString(), "--token", TOKEN, "--basic-auth", "just-a-password");

        assertThat(exitCode()).isEqualTo(2);
        assertThat(err.toString()).contains("--basic-auth needs <user>:<password>");
    }

    @Test
    void exitsWithTwoAndNamesTheLineOfABadPolicyFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hooks.yaml"), """
            version: 1
            rules:
              - kind: verify-webhook
                match: {methods: [POST], path: /hooks/github}
                provider: gitlab
                secret: {env: GITHUB_WEBHOOK_SECRET}
            """);
        run("http", "3000", "--backend", backend.websocketUrl().toString(), "--token", TOKEN, "--policy", file.toString());

        assertThat(exitCode()).isEqualTo(2);
        assertThat(lines(err).getFirst()).isEqualTo("--policy " + file + ", line 5, column 15: rule 1 (verify-webhook): \"gitlab\" is not a "
            + "provider Porthole knows; use github, stripe, slack, shopify, twilio or hmac-sha256.");
        assertThat(err.toString()).contains("Usage: porthole-agent http");
    }

    @Test
    void exitsWithTwoAndNamesTheFlagOfABadRule() throws Exception {
        run("http", "3000", "--backend", backend.websocketUrl().toString(), "--token", TOKEN, "--rate-limit", "60/day");

        assertThat(exitCode()).isEqualTo(2);
        assertThat(lines(err).getFirst()).startsWith("--rate-limit 60/day: write it as N/min");
    }

    @Test
    void exitsWithTwoWhenTheWebhookSecretsVariableIsNotSetAndNeverPrintsASecret() throws Exception {
        run("http", "3000", "--backend", backend.websocketUrl().toString(), "--token", TOKEN,
            "--verify-webhook", "github:env:PORTHOLE_TEST_SURELY_UNSET_VARIABLE", "--verify-webhook", "gitlab:literal-secret-value");

        assertThat(exitCode()).isEqualTo(2);
        assertThat(lines(err).getFirst()).isEqualTo("--verify-webhook github:env:PORTHOLE_TEST_SURELY_UNSET_VARIABLE: "
            + "the environment variable PORTHOLE_TEST_SURELY_UNSET_VARIABLE is not set (or is empty).");
        assertThat(out.toString() + err).doesNotContain("literal-secret-value");
    }

    @Test
    void runsWithAValidPolicyAndPrintsTheRequestsItsRulesAnswer(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("robots.yaml"), """
            version: 1
            rules:
              - kind: fixed-response
                match: {methods: [GET, HEAD], path: /robots.txt}
                status: 200
                body: "User-agent: *\\nDisallow: /\\n"
            """);
        try (dev.porthole.local.LocalBackend real = dev.porthole.local.LocalBackend.start(
            dev.porthole.local.LocalBackendOptions.inMemory(TOKEN))) {
            run("http", Integer.toString(origin.port()), "--host", "127.0.0.1", "--backend", real.websocketUrl().toString(),
                "--token", TOKEN, "--tunnel-id", "cli-policy", "--deny-ip", "198.51.100.0/24", "--policy", file.toString());

            waitFor(out, l -> !l.isEmpty());
            assertThat(lines(out).getFirst()).startsWith("Forwarding ");
            String url = lines(out).getFirst().split(" ")[1];
            java.net.http.HttpResponse<String> robots = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "robots.txt")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(robots.statusCode()).isEqualTo(200);
            assertThat(robots.body()).isEqualTo("User-agent: *\nDisallow: /\n");
            waitFor(out, ls -> ls.stream().anyMatch(l -> l.contains("GET /robots.txt 200")));
            assertThat(lines(out)).anySatisfy(l -> assertThat(l).endsWith("GET /robots.txt 200 (answered by rule 2 (fixed-response) with 200)"));
            assertThat(origin.receivedCount()).as("the backend answered it").isZero();
            assertThat(lines(err)).as("the rules are enforced: no warning").isEmpty();
        }
    }

    @Test
    void exitsWithOneAndTheNextStepWhenTheBackendRefusesTheRules() throws Exception {
        backend.answerReady(ScriptedBackend.ReadyAnswer.BAD_POLICY);
        run("http", Integer.toString(origin.port()), "--backend", backend.websocketUrl().toString(), "--token", TOKEN,
            "--deny-ip", "198.51.100.0/24");

        assertThat(exitCode()).isEqualTo(1);
        assertThat(err.toString()).startsWith("porthole: the backend refused the tunnel: the backend refused the tunnel's traffic rules: "
            + "rule 1 (verify-webhook)").contains("Fix that rule");
    }

    @Test
    void refusesABackendThatDoesNotRunTrafficRules() throws Exception {
        run("http", Integer.toString(origin.port()), "--backend", backend.websocketUrl().toString(), "--token", TOKEN,
            "--rate-limit", "60/min");

        assertThat(exitCode()).isEqualTo(1);
        assertThat(err.toString()).startsWith("porthole: this backend does not run traffic rules").contains("update the backend");
        assertThat(out.toString()).doesNotContain("Forwarding");
    }

    private static Path tokenFile(Path dir, String permissions) throws Exception {
        Path file = dir.resolve("agent-token");
        Files.writeString(file, TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    /** Item 3: the token from a file only its owner can read, so it is neither in the process list nor the environment. */
    @Test
    void readsTheTokenFromAnOwnerOnlyFile(@TempDir Path dir) throws Exception {
        run("http", Integer.toString(origin.port()), "--host", "127.0.0.1", "--backend", backend.websocketUrl().toString(),
            "--token-file", tokenFile(dir, "rw-------").toString(), "--tunnel-id", "token-file");

        waitFor(out, l -> !l.isEmpty());
        assertThat(lines(out).getFirst()).startsWith("Forwarding http://127.0.0.1:" + backend.port() + "/token-file/");
        assertThat(backend.upgrades().getLast().header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(out.toString() + err).doesNotContain(TOKEN);
    }

    @Test
    void refusesATokenFileOthersCanReadWithExitTwoAndHowToFixIt(@TempDir Path dir) throws Exception {
        Path file = tokenFile(dir, "rw-r--r--");
        run("http", "3000", "--backend", backend.websocketUrl().toString(), "--token-file", file.toString());

        assertThat(exitCode()).isEqualTo(2);
        assertThat(err.toString()).contains("can be read or changed by other users").contains("chmod 600 " + file)
            .doesNotContain(TOKEN);
        assertThat(backend.upgrades()).as("never connected").isEmpty();
    }

    @Test
    void refusesAMissingTokenFileAndTwoTokens(@TempDir Path dir) throws Exception {
        run("http", "3000", "--backend", backend.websocketUrl().toString(), "--token-file", dir.resolve("none").toString());
        assertThat(exitCode()).isEqualTo(2);
        assertThat(err.toString()).contains("does not exist");

        CommandLine cli = Main.commandLine();
        StringWriter twice = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(twice, true));
        assertThat(cli.execute("http", "3000", "--backend", backend.websocketUrl().toString(), "--token", TOKEN,
            "--token-file", tokenFile(dir, "rw-------").toString())).isEqualTo(2);
        assertThat(twice.toString()).contains("--token or --token-file, not both").doesNotContain(TOKEN);
    }
}
