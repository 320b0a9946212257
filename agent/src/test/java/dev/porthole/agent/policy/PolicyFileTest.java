package dev.porthole.agent.policy;

import dev.porthole.policy.FallbackResponse;
import dev.porthole.policy.FixedResponse;
import dev.porthole.policy.RateLimit;
import dev.porthole.policy.Rule;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.Unavailability;
import dev.porthole.policy.VerifyWebhook;
import dev.porthole.policy.WebhookProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyFileTest {
    private static final Function<String, String> ENV = Map.of("GITHUB_WEBHOOK_SECRET", "from-the-environment-1234")::get;

    private static PolicyFile.Loaded parse(String yaml) {
        return PolicyFile.parse(yaml, "policy.yaml", ENV);
    }

    private static void assertFails(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(PolicyFileException.class).hasMessage(message);
    }

    /** Every YAML example of docs/agent.md's "Traffic policy" section is a policy this reader accepts. */
    @Test
    void theDocumentedExamplesAreValidPolicies() throws IOException {
        List<String> examples = yamlBlocks(Files.readString(Path.of("..", "docs", "agent.md")), "## Traffic policy");
        assertThat(examples).hasSize(4);

        List<TrafficPolicy> policies = examples.stream().map(e -> parse(e).policy()).toList();

        VerifyWebhook github = (VerifyWebhook) policies.get(0).rules().get(0);
        assertThat(github.provider()).isEqualTo(WebhookProvider.GITHUB);
        assertThat(github.secret().reveal()).isEqualTo("from-the-environment-1234");
        assertThat(policies.get(0).rules().get(1)).isEqualTo(RateLimit.perTunnel(120, RateLimit.Window.MINUTE)
            .matching(dev.porthole.policy.RequestMatch.path("/hooks/**")));
        assertThat(policies.get(1).rules()).extracting(Rule::kind).containsExactly("restrict-ips", "request-headers", "response-headers", "rate-limit");
        FallbackResponse maintenance = (FallbackResponse) policies.get(2).rules().getFirst();
        assertThat(maintenance.when()).containsExactlyInAnyOrder(Unavailability.TUNNEL_OFFLINE, Unavailability.LOCAL_SERVICE_DOWN);
        assertThat(maintenance.response().headers().first("retry-after")).contains("300");
        FixedResponse robots = (FixedResponse) policies.get(3).rules().getFirst();
        assertThat(robots.response().body()).isEqualTo("User-agent: *\nDisallow: /\n");
    }

    private static List<String> yamlBlocks(String markdown, String section) {
        int start = markdown.indexOf("\n" + section + "\n");
        int end = markdown.indexOf("\n## ", start + 1);
        String text = markdown.substring(start, end < 0 ? markdown.length() : end);
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = text.indexOf("```yaml\n", at)) >= 0) {
            int close = text.indexOf("\n```", at);
            blocks.add(text.substring(at + "```yaml\n".length(), close + 1));
            at = close;
        }
        return blocks;
    }

    @Test
    void aWrongValueIsReportedAtItsLineAndColumn() {
        assertFails("""
            version: 1
            rules:
              - kind: verify-webhook
                provider: gitlab
                secret: s3cret-value
            """, "policy.yaml, line 4, column 15: rule 1 (verify-webhook): \"gitlab\" is not a provider Porthole knows; "
            + "use github, stripe, slack, shopify, twilio or hmac-sha256");
        assertFails("""
            version: 1
            rules:
              - kind: deny
              - kind: restrict-ips
                allow:
                  - 10.0.0.0/8
                  - 10.1.2.3/8
            """, "policy.yaml, line 7, column 9: rule 2 (restrict-ips): \"10.1.2.3/8\" has bits set after the /8 prefix; did you mean 10.0.0.0/8?");
        assertFails("""
            version: 1
            rules:
              - kind: rate-limit
                limit: 60
                pre: minute
            """, "policy.yaml, line 5, column 10: rule 1 (rate-limit): unknown field \"pre\"; the fields here are match, limit, per, by");
    }

    @Test
    void aMissingFieldIsReportedAtItsRule() {
        assertFails("""
            version: 1
            rules:
              - kind: deny
              - kind: fixed-response
                match: {path: /health}
            """, "policy.yaml, line 4, column 5: rule 2 (fixed-response): status is missing, e.g. status: 200");
        assertFails("""
            rules: []
            """, "policy.yaml, line 1, column 1: version is missing");
    }

    @Test
    void invalidYamlIsReportedWhereTheParserStopped() {
        assertFails("""
            version: 1
            rules:
              - kind: deny
               match: {path: /x}
            """, "policy.yaml, line 4, column 4: not valid YAML: expected <block end>, but found '<block mapping start>'");
        assertFails("""
            version: 1
            rules:
              - kind: deny
                kind: fixed-response
            """, "policy.yaml, line 4, column 5: \"kind\" is given twice");
        assertFails("version: 1\nrules: [\n", "policy.yaml, line 3, column 1: not valid YAML: expected the node content, but found '<stream end>'");
    }

    @Test
    void aSecretCanComeFromTheEnvironment() {
        PolicyFile.Loaded fromEnv = parse("""
            version: 1
            rules:
              - kind: verify-webhook
                provider: github
                secret: {env: GITHUB_WEBHOOK_SECRET}
            """);
        assertThat(((VerifyWebhook) fromEnv.policy().rules().getFirst()).secret().reveal()).isEqualTo("from-the-environment-1234");
        assertThat(fromEnv.literalSecrets()).isFalse();

        PolicyFile.Loaded literal = parse("""
            version: 1
            rules:
              - kind: verify-webhook
                provider: shopify
                secret: written-in-the-file
            """);
        assertThat(literal.literalSecrets()).isTrue();

        assertFails("""
            version: 1
            rules:
              - kind: verify-webhook
                provider: github
                secret: {env: NOT_SET_ANYWHERE}
            """, "policy.yaml, line 5, column 13: rule 1 (verify-webhook): the environment variable NOT_SET_ANYWHERE that holds the secret "
            + "is not set (or is empty)");
        assertFails("""
            version: 1
            rules:
              - kind: verify-webhook
                provider: github
                secret: {env: NOT_SET_ANYWHERE}
              - kind: rate-limit
                limit: -1
            """, "policy.yaml, line 5, column 13: rule 1 (verify-webhook): the environment variable NOT_SET_ANYWHERE that holds the secret "
            + "is not set (or is empty)");
        assertFails("""
            version: 1
            rules:
              - kind: verify-webhook
                provider: github
                secret: {file: /etc/secret}
            """, "policy.yaml, line 5, column 13: rule 1 (verify-webhook): write the secret as text, or as {env: NAME} to take it from "
            + "an environment variable");
    }

    @Test
    void yamlTypesBecomeWhatThePolicyExpects() {
        TrafficPolicy policy = parse("""
            version: 1
            rules:
              - kind: fixed-response
                match: {path: /date}
                status: 200
                headers:
                  Retry-After: 120
                  X-Date: 2025-01-01
            """).policy();
        FixedResponse fixed = (FixedResponse) policy.rules().getFirst();
        assertThat(fixed.response().headers().first("x-date")).contains("2025-01-01");
        assertThat(fixed.response().headers().first("retry-after")).contains("120");
        assertThatThrownBy(() -> parse("""
            version: 1
            rules:
              - kind: fixed-response
                status: 200
                body: yes
            """)).hasMessage("policy.yaml, line 5, column 11: rule 1 (fixed-response): body must be text");
    }

    @Test
    void neitherTagsNorAliasBombsGetAnywhere() {
        assertThatThrownBy(() -> parse("""
            version: 1
            rules:
              - kind: deny
                match: {path: !!python/object:os.system /x}
            """)).isInstanceOf(PolicyFileException.class).hasMessageStartingWith("policy.yaml, line 4, column 19: ");
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append("*").append((char) (c - 1)).append(", *").append((char) (c - 1))
                .append(", *").append((char) (c - 1)).append("]\n");
        }
        assertThatThrownBy(() -> parse(bomb.toString())).isInstanceOf(PolicyFileException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void theFileItselfMustBeThereReadableAndSmall(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> PolicyFile.read(dir.resolve("missing.yaml"), ENV)).hasMessage(dir.resolve("missing.yaml") + ": no such file");

        Path empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing yet\n");
        assertThatThrownBy(() -> PolicyFile.read(empty, ENV)).hasMessage(empty + ": the file is empty; start it with version: 1 and a list of rules");

        Path latin1 = Files.write(dir.resolve("latin1.yaml"), "version: 1\nrules: []\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> PolicyFile.read(latin1, ENV)).hasMessage(latin1 + ": the file is not UTF-8 text");

        Path huge = Files.writeString(dir.resolve("huge.yaml"), "#".repeat(PolicyFile.MAX_FILE_BYTES + 1));
        assertThatThrownBy(() -> PolicyFile.read(huge, ENV)).hasMessageContaining("the file is larger than 1024 KB");

        Path good = Files.writeString(dir.resolve("good.yaml"), "version: 1\nrules:\n  - kind: deny\n    match: {path: /admin/**}\n");
        assertThat(PolicyFile.read(good, ENV).policy().rules()).hasSize(1);
    }
}
