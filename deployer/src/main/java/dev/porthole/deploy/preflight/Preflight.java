package dev.porthole.deploy.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.porthole.deploy.DeployException;
import dev.porthole.deploy.aws.AwsConnection;
import dev.porthole.deploy.aws.AwsErrors;
import dev.porthole.deploy.preflight.PreflightCheck.Subject;
import dev.porthole.deploy.stack.StackOperations;
import dev.porthole.deploy.stack.StackState;
import dev.porthole.template.Template;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The checks made before any stack is created or updated, so that what would fail half-way through a deployment
 * (and roll it back) is said at once, in plain words, with what to do: SnapStart in the Region, the account's
 * concurrency (only a warning), the custom domain's certificate, and log group names already taken.
 *
 * <p>A check that cannot be made (no permission to ask, say) is a warning, not a failure: CloudFormation will still
 * tell if something is wrong.
 */
public final class Preflight {

    private final AwsConnection aws;
    private final StackOperations stacks;
    private final Template template;

    public Preflight(AwsConnection aws, StackOperations stacks, Template template) {
        this.aws = aws;
        this.stacks = stacks;
        this.template = template;
    }

    /**
     * @param domainName     the custom domain, or empty
     * @param certificateArn its certificate, or empty
     * @param stack          the stack as it is now, if there is one
     */
    public PreflightReport run(String stackName, String domainName, String certificateArn, Optional<StackState> stack) {
        String region = aws.region().id();
        List<PreflightCheck> checks = new ArrayList<>();
        checks.add(SnapStartRegions.check(region));
        checks.add(attempt(Subject.CONCURRENCY, "read the account's Lambda concurrency",
                () -> new ConcurrencyCheck(aws.lambda()).check(region)));
        if (!domainName.isBlank()) {
            checks.add(attempt(Subject.CERTIFICATE, "read the certificate " + certificateArn,
                    () -> new CertificateCheck(aws.acm()).check(region, domainName, certificateArn)));
        }
        try {
            checks.addAll(new LogGroupCheck(aws.logs(), stacks, template).check(stackName, region, stack));
        } catch (SdkException e) {
            checks.add(couldNot(Subject.LOG_GROUP, "look for the stack's log group", e));
        }
        return PreflightReport.of(checks);
    }

    /** The log groups the template creates for a stack of that name: logical ID to log group name. */
    public static Map<String, String> logGroupNames(Template template, String stackName, String region) {
        return LogGroupCheck.namesFor(template, stackName, region);
    }

    private PreflightCheck attempt(Subject subject, String doing, Supplier<PreflightCheck> check) {
        try {
            return check.get();
        } catch (SdkException e) {
            return couldNot(subject, doing, e);
        }
    }

    private PreflightCheck couldNot(Subject subject, String doing, SdkException e) {
        DeployException why = AwsErrors.translate(e, doing, aws.profileName());
        return PreflightCheck.warning(subject, "Could not check this before deploying. " + why.problem(),
                "A deployment goes on without this check. " + why.nextStep());
    }
}
