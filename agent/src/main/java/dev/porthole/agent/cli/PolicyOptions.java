package dev.porthole.agent.cli;

import dev.porthole.agent.policy.PolicyFile;
import dev.porthole.agent.policy.PolicyFileException;
import dev.porthole.agent.policy.PolicyFlags;
import dev.porthole.policy.InvalidPolicyException;
import dev.porthole.policy.TrafficPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code http} command's traffic-policy flags (a picocli mixin, so the command itself only asks for
 * {@link #policy}). docs/agent.md, "Traffic policy", explains each one.
 */
final class PolicyOptions {
    @Option(names = "--allow-ip", paramLabel = "<cidr>",
        description = "Accept public requests only from this IPv4 or IPv6 range (repeatable), e.g. 203.0.113.0/24.")
    List<String> allowIps = new ArrayList<>();

    @Option(names = "--deny-ip", paramLabel = "<cidr>", description = "Refuse public requests from this range (repeatable).")
    List<String> denyIps = new ArrayList<>();

    @Option(names = "--add-request-header", paramLabel = "<\"Name: value\">",
        description = "Add this header to each request before it reaches the local service (repeatable).")
    List<String> addRequestHeaders = new ArrayList<>();

    @Option(names = "--remove-request-header", paramLabel = "<name>",
        description = "Remove this header from each request (repeatable); done before --add-request-header, so both together replace it.")
    List<String> removeRequestHeaders = new ArrayList<>();

    @Option(names = "--add-response-header", paramLabel = "<\"Name: value\">",
        description = "Add this header to each response of the local service (repeatable).")
    List<String> addResponseHeaders = new ArrayList<>();

    @Option(names = "--verify-webhook", paramLabel = "<provider:secret>",
        description = "Refuse (401) webhooks not signed with this secret, before they reach this computer (repeatable). Provider: "
            + "github, stripe, slack, shopify, twilio or hmac-sha256:<header>; write the secret as env:NAME to read it from "
            + "the environment variable NAME, e.g. github:env:GITHUB_WEBHOOK_SECRET.")
    List<String> verifyWebhooks = new ArrayList<>();

    @Option(names = "--rate-limit", paramLabel = "<n/min>",
        description = "Refuse (429) requests beyond this many per minute (or N/s, N/h); add /ip to count each caller address "
            + "on its own, e.g. 10/min/ip (repeatable).")
    List<String> rateLimits = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "<file>",
        description = "Traffic rules in a YAML file, run after the rules of the flags above.")
    Path policyFile;

    /**
     * The flags' rules, then the file's. Warns on the command's error stream when the file holds a secret other users
     * can read.
     *
     * @throws ParameterException (exit code 2) with one line naming the flag, or the file's line and column
     */
    TrafficPolicy policy(CommandLine command, Function<String, String> environment) {
        try {
            return read(environment, command.getErr());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new ParameterException(command, message.endsWith(".") || message.endsWith("?") ? message : message + ".");
        }
    }

    private TrafficPolicy read(Function<String, String> environment, PrintWriter err) {
        PolicyFlags flags = new PolicyFlags(allowIps, denyIps, addRequestHeaders, removeRequestHeaders, addResponseHeaders,
            verifyWebhooks, rateLimits);
        TrafficPolicy fromFlags = flags.toPolicy(environment);
        if (policyFile == null) {
            return fromFlags;
        }
        PolicyFile.Loaded loaded;
        try {
            loaded = PolicyFile.read(policyFile, environment);
        } catch (PolicyFileException e) {
            throw new IllegalArgumentException("--policy " + e.getMessage(), e);
        }
        if (loaded.literalSecrets() && readableByOthers(policyFile)) {
            err.println("porthole: warning: " + policyFile + " holds a webhook secret and other users can read it; "
                + "run chmod 600 " + policyFile + ", or write the secret as {env: NAME}");
        }
        try {
            return fromFlags.then(loaded.policy());
        } catch (InvalidPolicyException e) {
            throw new IllegalArgumentException("--policy " + policyFile + " with the policy flags: " + e.getMessage(), e);
        }
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false; // not a POSIX file system: its own access rules apply
        }
    }
}
