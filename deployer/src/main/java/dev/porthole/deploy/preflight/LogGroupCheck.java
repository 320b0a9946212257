package dev.porthole.deploy.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.porthole.deploy.preflight.PreflightCheck.Subject;
import dev.porthole.deploy.stack.StackOperations;
import dev.porthole.deploy.stack.StackState;
import dev.porthole.template.Intrinsics;
import dev.porthole.template.Resource;
import dev.porthole.template.Template;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/**
 * The log groups the template names (the function's, {@code /aws/lambda/<stack>-function}) must not exist already,
 * unless the stack itself made them: CloudFormation cannot create a log group whose name is taken, and the whole
 * deployment would roll back. Such a group is usually left from an earlier function of that name (Lambda makes one on
 * the first log line), or was made by hand.
 */
final class LogGroupCheck {

    private final CloudWatchLogsClient logs;
    private final StackOperations stacks;
    private final Template template;

    LogGroupCheck(CloudWatchLogsClient logs, StackOperations stacks, Template template) {
        this.logs = logs;
        this.stacks = stacks;
        this.template = template;
    }

    /** The log groups the template creates for that stack: logical ID to name. */
    static Map<String, String> namesFor(Template template, String stackName, String region) {
        Intrinsics intrinsics = new Intrinsics(template, Map.of("AWS::StackName", stackName, "AWS::Region", region),
                Map.of(), Map.of());
        Map<String, String> names = new java.util.LinkedHashMap<>();
        for (Resource resource : template.resources().values()) {
            if (resource.type().equals("AWS::Logs::LogGroup") && resource.property("LogGroupName") != null) {
                names.put(resource.logicalId(), String.valueOf(intrinsics.resolve(resource.property("LogGroupName"))));
            }
        }
        return names;
    }

    List<PreflightCheck> check(String stackName, String region, Optional<StackState> stack) {
        List<PreflightCheck> checks = new ArrayList<>();
        namesFor(template, stackName, region).forEach((logicalId, name) -> checks.add(check(stackName, region, stack, logicalId, name)));
        return checks;
    }

    private PreflightCheck check(String stackName, String region, Optional<StackState> stack, String logicalId, String name) {
        boolean exists = logs.describeLogGroupsPaginator(b -> b.logGroupNamePrefix(name)).logGroups().stream()
                .map(LogGroup::logGroupName).anyMatch(name::equals);
        if (!exists) {
            return PreflightCheck.passed(Subject.LOG_GROUP, "No log group " + name + " exists yet: the stack can create it.");
        }
        boolean ours = stack.flatMap(s -> stacks.livePhysicalId(s.stackId(), logicalId)).filter(name::equals).isPresent();
        if (ours) {
            return PreflightCheck.passed(Subject.LOG_GROUP, "The log group " + name + " belongs to stack '" + stackName + "'.");
        }
        return PreflightCheck.failed(Subject.LOG_GROUP, "A log group named " + name + " already exists in " + region
                        + " but does not belong to stack '" + stackName + "' (it is left from an earlier function of that name, "
                        + "or was made by hand): CloudFormation could not create the stack's own and would roll everything back.",
                "If you no longer need its logs, delete it: `aws logs delete-log-group --log-group-name " + name
                        + " --region " + region + "`, then deploy again. To keep them, deploy under another --stack-name, or "
                        + "adopt the group into the stack with a CloudFormation resource import (logical ID " + logicalId + ").");
    }
}
