package dev.porthole.agent.cli;

import dev.porthole.policy.RateLimit;
import dev.porthole.policy.Rule;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.VerifyWebhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The http command's policy flags, by their exact names, as picocli parses them. */
class PolicyOptionsTest {
    private final StringWriter err = new StringWriter();

    private TrafficPolicy policyOf(String... flags) {
        String[] args = new String[flags.length + 5];
        args[0] = "http";
        args[1] = "3000";
        args[2] = "--backend";
        args[3] = "ws://127.0.0.1:1/_porthole/ws/local";
        args[4] = "--token=t";
        System.arraycopy(flags, 0, args, 5, flags.length);
        CommandLine cli = Main.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        CommandLine http = parsed.subcommand().commandSpec().commandLine();
        http.setErr(new PrintWriter(err, true));
        HttpCommand command = http.getCommand();
        return command.trafficPolicy.policy(http, Map.of("HOOK_SECRET", "secret-from-env-9876")::get);
    }

    @Test
    void theFlagsOfTheIssueMakeTheirRules() {
        TrafficPolicy policy = policyOf(
            "--rate-limit", "60/min",
            "--verify-webhook", "github:env:HOOK_SECRET",
            "--allow-ip", "203.0.113.0/24", "--allow-ip", "2001:db8::/32",
            "--deny-ip", "203.0.113.7",
            "--add-request-header", "X-Env: staging",
            "--remove-request-header", "X-Debug",
            "--add-response-header", "Cache-Control: no-store",
            "--verify-webhook", "hmac-sha256:X-Signature:env:HOOK_SECRET");

        assertThat(policy.rules()).extracting(Rule::kind).containsExactly(
            "restrict-ips", "verify-webhook", "verify-webhook", "rate-limit", "request-headers", "response-headers");
        assertThat(policy.rules().get(3)).isEqualTo(RateLimit.perTunnel(60, RateLimit.Window.MINUTE));
        assertThat(((VerifyWebhook) policy.rules().get(2)).header()).contains("X-Signature");
        assertThat(policy.toString()).contains("allow 203.0.113.0/24, 2001:db8::/32; deny 203.0.113.7/32")
            .contains("remove X-Debug; add X-Env: staging").contains("add Cache-Control: no-store").doesNotContain("secret-from-env-9876");
        assertThat(err.toString()).as("the rules are enforced: nothing to warn about").isEmpty();
    }

    @Test
    void withoutPolicyFlagsThereIsNoPolicyAndNoWarning() {
        assertThat(policyOf()).isSameAs(TrafficPolicy.NONE);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theFileComesAfterTheFlags(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), "version: 1\nrules:\n  - kind: deny\n    match: {path: /admin/**}\n");

        TrafficPolicy policy = policyOf("--policy", file.toString(), "--rate-limit", "5/s/ip");

        assertThat(policy.rules()).extracting(Rule::kind).containsExactly("rate-limit", "deny");
    }

    @Test
    void aFileWithASecretOthersCanReadIsWarnedAbout(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"),
            "version: 1\nrules:\n  - kind: verify-webhook\n    provider: shopify\n    secret: in-the-file-secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        policyOf("--policy", file.toString());
        assertThat(err.toString()).contains("porthole: warning: " + file + " holds a webhook secret and other users can read it; run chmod 600 "
            + file + ", or write the secret as {env: NAME}").doesNotContain("in-the-file-secret");

        err.getBuffer().setLength(0);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        policyOf("--policy", file.toString());
        assertThat(err.toString()).doesNotContain("other users can read it");
    }

    @Test
    void aBadValueIsAParameterErrorNamingTheFlag() {
        assertThatThrownBy(() -> policyOf("--allow-ip", "10.0.0.300"))
            .isInstanceOf(CommandLine.ParameterException.class)
            .hasMessage("--allow-ip 10.0.0.300: \"10.0.0.300\" is not an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32).");
    }
}
