package dev.porthole.agent.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11's scenarios S1–S7 as tests, against the local backend behaving like a new AWS account. Sizes are the
 * issue's except S7 (2,000 requests here; {@link ScenarioReport} runs 10,000) and S3's time scale (a minute is a
 * second). Each prints what it saw, so a run's figures can be read in the build log.
 */
class LikeAwsScenariosTest {

    private static ScenarioResult print(ScenarioResult result) {
        System.out.println(result.id() + " " + result.name() + ": " + (result.passed() ? "passed" : "FAILED") + " — " + result.outcome()
            + " " + result.figures());
        return result;
    }

    private static void holds(ScenarioResult result) {
        print(result);
        assertThat(result.passed()).as(result.goal() + "; saw: " + result.outcome() + " " + result.figures()).isTrue();
    }

    @Test
    void s1_aColdPageWithTwelveAssetsLoadsWithoutA5xxAtConcurrencyTen() throws Exception {
        holds(LikeAwsScenarios.coldPage(12));
    }

    @Test
    void s2_theFirstRequestAfterIdleWaitsForOneColdStartOnly() throws Exception {
        holds(LikeAwsScenarios.firstRequestAfterIdle(Duration.ofMillis(2000), Duration.ofMillis(3500)));
    }

    @Test
    void s3_sporadicWebhooksAreEachAnsweredWithAtMostOneColdStart() throws Exception {
        holds(LikeAwsScenarios.sporadicWebhooks(3, Duration.ofSeconds(1)));
    }

    @Test
    void s4_aDeadRelayNeverCostsTheDeadline() throws Exception {
        holds(LikeAwsScenarios.deadRelay());
    }

    @Test
    void s5_parallelFiveMegabyteDownloadsAndUploadsArriveWhole() throws Exception {
        holds(LikeAwsScenarios.bigBodies(3, 5_000_000));
    }

    @Test
    void s6_aHundredAgentsConnectServeAndLeaveWithBoundedWork() throws Exception {
        holds(LikeAwsScenarios.manyAgents(100));
    }

    @Test
    void s7_sustainedLoadLosesAndMixesUpNothing() throws Exception {
        holds(LikeAwsScenarios.load(2_000, 64, 100));
    }
}
