package dev.porthole.deploy.preflight;

import dev.porthole.deploy.limits.AccountConcurrency;
import dev.porthole.deploy.preflight.PreflightCheck.Subject;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The account's Lambda concurrency: below {@value AccountConcurrency#LOW} Porthole works, but few requests at a time. */
final class ConcurrencyCheck {

    private final LambdaClient lambda;

    ConcurrencyCheck(LambdaClient lambda) {
        this.lambda = lambda;
    }

    PreflightCheck check(String region) {
        AccountConcurrency concurrency = AccountConcurrency.read(lambda);
        return concurrency.warning(region)
                .map(warning -> PreflightCheck.warning(Subject.CONCURRENCY, warning, AccountConcurrency.howToRaise(region)))
                .orElseGet(() -> PreflightCheck.passed(Subject.CONCURRENCY, concurrency.meaning(region)));
    }
}
