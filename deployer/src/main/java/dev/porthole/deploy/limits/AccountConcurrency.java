package dev.porthole.deploy.limits;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AccountLimit;

/**
 * How many Lambda invocations the account can run at once in a Region (Lambda's {@code GetAccountSettings}), and what
 * that means for Porthole: each public request keeps one execution environment busy until it is answered, so the
 * limit is how many requests can be in flight at once across all tunnels of all backends in that account and Region.
 *
 * @param limit      {@code AccountLimit.ConcurrentExecutions}: AWS's default is 1,000; new accounts often start at 10
 * @param unreserved {@code AccountLimit.UnreservedConcurrentExecutions}: what is left once other functions' reserved
 *                   concurrency is taken away; Porthole's function reserves none, so this is what it can use
 */
public record AccountConcurrency(int limit, int unreserved) {

    /** Below this, the deployer warns and the Backends page shows a warning. */
    public static final int LOW = 100;

    /** The Service Quotas code of "Concurrent executions" (AWS Lambda). */
    public static final String QUOTA_CODE = "L-B99A9384";

    /**
     * Kept for the agent's own invocations: its heartbeat (every 2 minutes) and a reconnect each hold an environment
     * for a moment, so public requests can count on this many fewer.
     */
    static final int AGENT_SHARE = 2;

    public AccountConcurrency {
        if (limit < 0 || unreserved < 0) {
            throw new IllegalArgumentException("concurrency cannot be negative");
        }
    }

    public static AccountConcurrency of(int limit, int unreserved) {
        return new AccountConcurrency(limit, unreserved);
    }

    /** Asks Lambda in the client's Region. */
    public static AccountConcurrency read(LambdaClient lambda) {
        AccountLimit account = lambda.getAccountSettings().accountLimit();
        int limit = account.concurrentExecutions() == null ? 0 : account.concurrentExecutions();
        int unreserved = account.unreservedConcurrentExecutions() == null ? limit : account.unreservedConcurrentExecutions();
        return of(limit, unreserved);
    }

    public boolean low() {
        return limit < LOW;
    }

    /** About how many public requests can be in flight at once (and so how many downloads can run in parallel). */
    public int parallelRequests() {
        return Math.max(0, unreserved - AGENT_SHARE);
    }

    /** The requests per second this concurrency allows when each request takes {@code perRequest} in all. */
    public int requestsPerSecond(Duration perRequest) {
        return (int) (parallelRequests() * 1000L / Math.max(1, perRequest.toMillis()));
    }

    /** One sentence: the limit and what it means. */
    public String meaning(String region) {
        String shared = unreserved < limit
                ? " (" + number(unreserved) + " of them not reserved by your other functions)" : " (shared with your other functions)";
        return "Lambda can run " + number(limit) + " invocations at once in " + region + shared + ": each public request "
                + "keeps one busy until it is answered, so about " + number(parallelRequests()) + " requests (or downloads) "
                + "can be in flight at once across all your tunnels.";
    }

    /** Present when the limit is {@link #low()}: what happens, in plain words. */
    public Optional<String> warning(String region) {
        if (!low()) {
            return Optional.empty();
        }
        int parallel = parallelRequests();
        return Optional.of("Your AWS account can run only " + number(limit) + " Lambda invocations at once in " + region
                + " (AWS's default is 1,000; new accounts often start at 10). Each public request through Porthole keeps one "
                + "busy until it is answered, so only about " + number(parallel) + " can be in flight at once across all your "
                + "tunnels: a web page that loads more than about " + number(parallel) + " files in parallel gets the rest "
                + "refused (API Gateway answers them 500), and large downloads queue behind each other. Webhooks and API "
                + "calls made one at a time are fine.");
    }

    /** How to raise the limit. */
    public static String howToRaise(String region) {
        return "Ask AWS for more: in the Service Quotas console choose AWS Lambda, \"Concurrent executions\" (quota code "
                + QUOTA_CODE + "), Request increase, 1000; or run `aws service-quotas request-service-quota-increase "
                + "--service-code lambda --quota-code " + QUOTA_CODE + " --desired-value 1000 --region " + region
                + "`. It is free; Porthole deploys and works meanwhile.";
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
