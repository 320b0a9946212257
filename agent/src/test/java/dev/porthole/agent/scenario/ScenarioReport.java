package dev.porthole.agent.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints issue 11's scenarios as a table, run against the local backend behaving like a new AWS account
 * ({@code --like-aws}) with the real agent and origin. Not a test: it asserts nothing, and reports failures as they are.
 * Run it with {@code ./mvnw -B -q -pl agent -am -Pscenarios -DskipTests verify}.
 */
public final class ScenarioReport {

    private interface Scenario {
        ScenarioResult run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        List<Scenario> scenarios = List.of(
            () -> LikeAwsScenarios.coldPage(12),
            () -> LikeAwsScenarios.firstRequestAfterIdle(Duration.ofMillis(2000), Duration.ofMillis(3500)),
            () -> LikeAwsScenarios.sporadicWebhooks(5, Duration.ofSeconds(1)),
            LikeAwsScenarios::deadRelay,
            () -> LikeAwsScenarios.bigBodies(3, 5_000_000),
            () -> LikeAwsScenarios.manyAgents(100),
            () -> LikeAwsScenarios.load(10_000, 64, 100),
            // what a new account at concurrency 10 does with 64 requests in flight, for the record
            () -> LikeAwsScenarios.load(2_000, 64, 10));
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            ScenarioResult result = scenario.run();
            results.add(result);
            System.out.println(result.id() + " " + (result.passed() ? "passed" : "FAILED") + ": " + result.outcome());
        }
        System.out.println();
        System.out.println("| scenario | goal | result | figures |");
        System.out.println("|---|---|---|---|");
        for (ScenarioResult r : results) {
            System.out.println("| " + r.id() + " " + r.name() + " | " + r.goal() + " | " + (r.passed() ? "**passed**" : "**FAILED**")
                + ": " + r.outcome() + " | " + figures(r.figures()) + " |");
        }
        System.exit(0);
    }

    private static String figures(Map<String, String> figures) {
        List<String> parts = new ArrayList<>();
        figures.forEach((k, v) -> parts.add(k + " " + v));
        return String.join("; ", parts);
    }
}
