package dev.porthole.deploy.testing;

import java.util.Map;

import dev.porthole.deploy.testing.FakeAws.JsonAnswer;

/**
 * Lambda's REST-JSON protocol for what the deployer asks: {@code GET /2016-08-19/account-settings/}
 * (GetAccountSettings). By default the account has AWS's default concurrency, 1,000, none of it reserved.
 */
public final class FakeLambda {

    private int concurrentExecutions = 1000;
    private int unreservedConcurrentExecutions = 1000;

    /** The account's concurrency limit, and what other functions' reservations leave of it. */
    public synchronized void concurrency(int limit, int unreserved) {
        this.concurrentExecutions = limit;
        this.unreservedConcurrentExecutions = unreserved;
    }

    /** The call's name for the call log, or null if Lambda has no such operation here. */
    static String operation(String method, String path) {
        return method.equals("GET") && path.matches("/2016-08-19/account-settings/?") ? "GetAccountSettings" : null;
    }

    synchronized JsonAnswer handle(String operation) {
        if (!"GetAccountSettings".equals(operation)) {
            return JsonAnswer.error(404, "ResourceNotFoundException", "The resource you requested does not exist.");
        }
        return JsonAnswer.ok(Map.of(
                "AccountLimit", Map.of("TotalCodeSize", 80_530_636_800L, "CodeSizeUnzipped", 262_144_000,
                        "CodeSizeZipped", 52_428_800, "ConcurrentExecutions", concurrentExecutions,
                        "UnreservedConcurrentExecutions", unreservedConcurrentExecutions),
                "AccountUsage", Map.of("TotalCodeSize", 0, "FunctionCount", 0)));
    }
}
