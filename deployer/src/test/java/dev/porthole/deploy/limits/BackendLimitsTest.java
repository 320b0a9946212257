package dev.porthole.deploy.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.porthole.deploy.DeployException;
import dev.porthole.deploy.Deployer;
import dev.porthole.deploy.aws.AwsConnection;
import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.deploy.testing.FakeAws;
import dev.porthole.deploy.testing.TestAws;
import dev.porthole.template.Template;

/** The limits the Backends page shows: the account's concurrency and the template's stage throttles, in plain words. */
class BackendLimitsTest {

    @TempDir
    Path home;

    private FakeAws aws;
    private AwsConnection connection;
    private Deployer deployer;

    @BeforeEach
    void start() {
        aws = FakeAws.start();
        connection = TestAws.connection(aws, "eu-west-1");
        deployer = new Deployer(connection, ConfigDirectory.at(home), Template.load(), Clock.systemUTC(), Duration.ofMillis(1));
    }

    @AfterEach
    void stop() {
        connection.close();
        aws.close();
    }

    @Test
    void aDefaultAccountIsLimitedByThePublicStage() {
        BackendLimits limits = deployer.limits();

        assertThat(limits.region()).isEqualTo("eu-west-1");
        assertThat(limits.concurrency()).isEqualTo(AccountConcurrency.of(1000, 1000));
        assertThat(limits.stages()).extracting(StageThrottle::stage).containsExactly("HttpStage", "WebSocketStage", "RelayStage");
        StageThrottle http = limits.publicStage().orElseThrow();
        assertThat(http.protocol()).isEqualTo("HTTP");
        assertThat(http.rateLimit()).isEqualTo(100);
        assertThat(http.burstLimit()).isEqualTo(200);
        assertThat(limits.stages().get(1).protocol()).isEqualTo("WEBSOCKET");
        assertThat(limits.stages().get(1).rateLimit()).isEqualTo(50);
        assertThat(limits.stages().get(1).burstLimit()).isEqualTo(50);

        assertThat(limits.parallelRequests()).isEqualTo(998);
        assertThat(limits.requestsPerSecond()).as("the stage's 100/s comes first").isEqualTo(100);
        assertThat(limits.warning()).isEmpty();
        assertThat(limits.lines()).containsExactly(
                "About 100 small requests per second and 998 at once (large downloads included) over all your tunnels.",
                "Lambda can run 1,000 invocations at once in eu-west-1 (shared with your other functions): each public request "
                        + "keeps one busy until it is answered, so about 998 requests (or downloads) can be in flight at once "
                        + "across all your tunnels.",
                "Public requests: 100 per second on average, bursts of up to 200 (more are answered 429 Too Many Requests), "
                        + "over all your tunnels; this caps the bill if a URL is hammered.",
                "Messages agents send the backend (WebSocketStage: connecting, heartbeats): 50 per second, bursts of up to 50; "
                        + "more are refused. Answers do not count: agents post them straight to the waiting relay.",
                "Relay checks (RelayStage): 500 per second, bursts of up to 1,000. Answers posted to relays are not counted here, "
                        + "only against the account's 10,000 API Gateway requests per second, so large downloads are not slowed.");
    }

    @Test
    void aNewAccountAtTenGetsAWarningWithTheQuotaCode() {
        aws.lambda.concurrency(10, 10);

        BackendLimits limits = deployer.limits();

        assertThat(limits.parallelRequests()).isEqualTo(8);
        assertThat(limits.requestsPerSecond()).as("8 at once, 125 ms each").isEqualTo(64);
        assertThat(limits.warning()).hasValueSatisfying(w -> assertThat(w)
                .contains("only 10 Lambda invocations at once in eu-west-1").contains("about 8")
                .contains("L-B99A9384").contains("--region eu-west-1"));
        assertThat(limits.lines().getFirst()).isEqualTo(
                "About 64 small requests per second and 8 at once (large downloads included) over all your tunnels.");
    }

    @Test
    void theWarningStartsBelowOneHundred() {
        assertThat(BackendLimits.of("r", AccountConcurrency.of(99, 99), java.util.List.of()).warning()).isPresent();
        assertThat(BackendLimits.of("r", AccountConcurrency.of(100, 100), java.util.List.of()).warning()).isEmpty();
        assertThat(AccountConcurrency.of(1, 1).parallelRequests()).isZero();
    }

    @Test
    void aDeniedReadIsExplained() {
        aws.deny("Lambda GetAccountSettings");
        assertThatThrownBy(() -> deployer.limits()).isInstanceOfSatisfying(DeployException.class, e -> {
            assertThat(e.problem()).contains("read the account's Lambda concurrency");
            assertThat(e.nextStep()).contains("Lambda");
        });
    }
}
