package dev.porthole.deploy.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.porthole.deploy.testing.FakeAws.QueryAnswer;
import dev.porthole.template.Intrinsics;
import dev.porthole.template.Parameter;
import dev.porthole.template.Resource;
import dev.porthole.template.Template;

/**
 * CloudFormation's behaviour as the deployer meets it: change sets (computed from the template it is
 * sent, with the real parameter constraints and capability check), stacks that move through their
 * statuses one step per DescribeStacks call, stack events newest first, rollbacks after a failing
 * resource, deleted stacks found only by ID.
 */
public final class FakeCloudFormation {

    static final String REGION = "us-east-1";

    private final Map<String, Stack> stacksById = new LinkedHashMap<>();
    private final Map<String, ChangeSet> changeSets = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final FakeLogs logs;

    /** @param logs where the log groups of the stacks' templates appear and disappear */
    FakeCloudFormation(FakeLogs logs) {
        this.logs = logs;
    }

    /** The next create or update of this resource fails with that reason (as CloudFormation reports it). */
    public synchronized void failResource(String logicalId, String reason) {
        failures.put(logicalId, reason);
    }

    /** The stack's current status, or empty if no live stack has that name. */
    public synchronized Optional<String> status(String stackName) {
        return live(stackName).map(s -> s.status);
    }

    /** The parameters the live stack has (unmasked, for assertions). */
    public synchronized Map<String, String> parameters(String stackName) {
        return Map.copyOf(live(stackName).orElseThrow().parameters);
    }

    /** How many change sets were executed, over all stacks. */
    public synchronized int executions() {
        return (int) changeSets.values().stream().filter(c -> c.executed).count();
    }

    synchronized QueryAnswer handle(String action, Map<String, String> form) {
        return switch (action) {
            case "DescribeStacks" -> describeStacks(form.get("StackName"));
            case "DescribeStackEvents" -> describeStackEvents(form.get("StackName"));
            case "CreateChangeSet" -> createChangeSet(form);
            case "DescribeChangeSet" -> describeChangeSet(form.get("ChangeSetName"));
            case "ExecuteChangeSet" -> executeChangeSet(form.get("ChangeSetName"));
            case "DeleteChangeSet" -> {
                changeSets.remove(form.get("ChangeSetName"));
                yield QueryAnswer.ok("");
            }
            case "DeleteStack" -> deleteStack(form.get("StackName"));
            case "DescribeStackResource" -> describeStackResource(form.get("StackName"), form.get("LogicalResourceId"));
            default -> QueryAnswer.error(400, "InvalidAction", "Could not find operation " + action);
        };
    }

    private QueryAnswer describeStacks(String nameOrId) {
        Optional<Stack> found = find(nameOrId);
        if (found.isEmpty()) {
            return QueryAnswer.error(400, "ValidationError", "Stack with id " + nameOrId + " does not exist");
        }
        Stack stack = found.get();
        stack.tick();
        Xml xml = new Xml().open("Stacks").open("member").text("StackId", stack.id).text("StackName", stack.name)
                .text("CreationTime", stack.created).text("StackStatus", stack.status)
                .text("StackStatusReason", stack.reason.isEmpty() ? null : stack.reason).open("Parameters");
        stack.parameters.forEach((k, v) -> xml.open("member").text("ParameterKey", k)
                .text("ParameterValue", stack.template != null && stack.template.parameters().containsKey(k)
                        && stack.template.parameter(k).noEcho() ? "****" : v).close("member"));
        xml.close("Parameters").open("Outputs");
        stack.outputs.forEach((k, v) -> xml.open("member").text("OutputKey", k).text("OutputValue", v).close("member"));
        xml.close("Outputs").close("member").close("Stacks");
        return QueryAnswer.ok(xml.body());
    }

    private QueryAnswer describeStackEvents(String nameOrId) {
        Optional<Stack> found = find(nameOrId);
        if (found.isEmpty()) {
            return QueryAnswer.error(400, "ValidationError", "Stack [" + nameOrId + "] does not exist");
        }
        Xml xml = new Xml().open("StackEvents");
        for (Event event : FakeAws.newestFirst(found.get().events)) {
            xml.open("member").text("StackId", found.get().id).text("EventId", event.id).text("StackName", found.get().name)
                    .text("LogicalResourceId", event.logicalId).text("PhysicalResourceId", found.get().physicalId(event.logicalId))
                    .text("ResourceType", event.type).text("Timestamp", event.time).text("ResourceStatus", event.status)
                    .text("ResourceStatusReason", event.reason.isEmpty() ? null : event.reason).close("member");
        }
        return QueryAnswer.ok(xml.close("StackEvents").body());
    }

    private QueryAnswer createChangeSet(Map<String, String> form) {
        String stackName = form.get("StackName");
        boolean create = "CREATE".equals(form.get("ChangeSetType"));
        Template template;
        try {
            template = Template.parse(form.get("TemplateBody"));
        } catch (IllegalArgumentException e) {
            return QueryAnswer.error(400, "ValidationError", "Template format error: " + e.getMessage());
        }
        Optional<Stack> existing = live(stackName);
        if (create && existing.isPresent() && !existing.get().status.equals("REVIEW_IN_PROGRESS")) {
            return QueryAnswer.error(400, "AlreadyExistsException", "Stack [" + stackName + "] already exists");
        }
        if (!create && existing.isEmpty()) {
            return QueryAnswer.error(400, "ValidationError", "Stack [" + stackName + "] does not exist");
        }
        Map<String, String> given = new LinkedHashMap<>();
        List<String> previous = new ArrayList<>();
        for (int i = 1; form.containsKey("Parameters.member." + i + ".ParameterKey"); i++) {
            String key = form.get("Parameters.member." + i + ".ParameterKey");
            if ("true".equals(form.get("Parameters.member." + i + ".UsePreviousValue"))) {
                previous.add(key);
            } else {
                given.put(key, form.getOrDefault("Parameters.member." + i + ".ParameterValue", ""));
            }
        }
        if (create && !previous.isEmpty()) {
            return QueryAnswer.error(400, "ValidationError", "Cannot specify UsePreviousValue on Parameters when ChangeSetType is CREATE");
        }
        for (String key : previous) {
            if (!existing.orElseThrow().parameters.containsKey(key)) {
                return QueryAnswer.error(400, "ValidationError", "Invalid input for parameter key " + key
                        + ". Cannot specify usePreviousValue as true for a parameter key not in the previous template");
            }
        }
        Map<String, String> values = new TreeMap<>();
        for (Parameter parameter : template.parameters().values()) {
            // as CloudFormation: a parameter not given takes the template's default, not the stack's value
            String value = previous.contains(parameter.name()) ? existing.orElseThrow().parameters.get(parameter.name())
                    : given.containsKey(parameter.name()) ? given.get(parameter.name()) : parameter.defaultValue();
            if (value == null) {
                return QueryAnswer.error(400, "ValidationError", "Parameters: [" + parameter.name() + "] must have values");
            }
            Optional<String> problem = parameter.problem(value);
            if (problem.isPresent()) {
                return QueryAnswer.error(400, "ValidationError", "Parameter '" + parameter.name() + "' is invalid: " + problem.get());
            }
            values.put(parameter.name(), value);
        }
        for (String name : given.keySet()) {
            if (!template.parameters().containsKey(name)) {
                return QueryAnswer.error(400, "ValidationError", "Parameters: [" + name + "] do not exist in the template");
            }
        }
        boolean needsIam = template.resources().values().stream().anyMatch(r -> r.type().startsWith("AWS::IAM::"));
        if (needsIam && !form.containsValue("CAPABILITY_IAM") && !form.containsValue("CAPABILITY_NAMED_IAM")) {
            return QueryAnswer.error(400, "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]");
        }
        Stack stack = existing.orElseGet(() -> {
            Stack created = new Stack(stackName);
            created.status = "REVIEW_IN_PROGRESS";
            created.event(stackName, "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", "User Initiated");
            stacksById.put(created.id, created);
            return created;
        });
        ChangeSet changeSet = new ChangeSet(form.get("ChangeSetName"), stack, create, template, values);
        if (!create && stack.template.text().equals(template.text()) && stack.parameters.equals(values)) {
            changeSet.failureReason = "The submitted information didn't contain changes. Submit different information to create a change set.";
        }
        changeSets.put(changeSet.id, changeSet);
        return QueryAnswer.ok(new Xml().text("Id", changeSet.id).text("StackId", stack.id).body());
    }

    private QueryAnswer describeChangeSet(String id) {
        ChangeSet changeSet = changeSets.get(id);
        if (changeSet == null) {
            return QueryAnswer.error(404, "ChangeSetNotFound", "ChangeSet [" + id + "] does not exist");
        }
        // computing takes a moment: the first look says CREATE_IN_PROGRESS
        String status = changeSet.looks++ == 0 ? "CREATE_IN_PROGRESS" : changeSet.failureReason != null ? "FAILED" : "CREATE_COMPLETE";
        Xml xml = new Xml().text("ChangeSetName", changeSet.name).text("ChangeSetId", changeSet.id)
                .text("StackId", changeSet.stack.id).text("StackName", changeSet.stack.name).text("Status", status)
                .text("ExecutionStatus", status.equals("CREATE_COMPLETE") ? "AVAILABLE" : "UNAVAILABLE")
                .text("StatusReason", status.equals("FAILED") ? changeSet.failureReason : null).open("Changes");
        if (status.equals("CREATE_COMPLETE")) {
            for (String logicalId : changeSet.changes()) {
                xml.open("member").text("Type", "Resource").open("ResourceChange")
                        .text("Action", changeSet.create ? "Add" : "Modify").text("LogicalResourceId", logicalId)
                        .text("ResourceType", changeSet.template.resource(logicalId).type()).close("ResourceChange").close("member");
            }
        }
        return QueryAnswer.ok(xml.close("Changes").body());
    }

    private QueryAnswer executeChangeSet(String id) {
        ChangeSet changeSet = changeSets.get(id);
        if (changeSet == null || changeSet.failureReason != null || changeSet.looks < 2) {
            return QueryAnswer.error(400, "InvalidChangeSetStatus", "ChangeSet [" + id + "] cannot be executed in its current status");
        }
        changeSet.executed = true;
        Stack stack = changeSet.stack;
        List<String> changes = changeSet.changes();
        for (String logicalId : changes) {
            stack.physicalIds.put(logicalId, physicalId(changeSet.template, changeSet.parameters, stack.name, logicalId));
        }
        String failing = changes.stream().filter(failures::containsKey).findFirst().orElse(null);
        String reason = failing == null ? null : failures.remove(failing);
        if (changeSet.create) {
            stack.status("CREATE_IN_PROGRESS", "User Initiated");
            List<String> created = new ArrayList<>();
            for (String logicalId : changes) {
                String type = changeSet.template.resource(logicalId).type();
                if (logicalId.equals(failing)) {
                    stack.then(() -> {
                        stack.event(logicalId, type, "CREATE_IN_PROGRESS", "");
                        stack.event(logicalId, type, "CREATE_FAILED", reason);
                    });
                    int next = changes.indexOf(logicalId) + 1;
                    if (next < changes.size()) { // a resource being created at the same time is cancelled
                        String other = changes.get(next);
                        stack.then(() -> stack.event(other, changeSet.template.resource(other).type(), "CREATE_FAILED",
                                "Resource creation cancelled"));
                    }
                    stack.then(() -> stack.status("ROLLBACK_IN_PROGRESS",
                            "The following resource(s) failed to create: [" + logicalId + "]. Rollback requested by user."));
                    for (String done : created.reversed()) {
                        String doneType = changeSet.template.resource(done).type();
                        stack.then(() -> {
                            stack.event(done, doneType, "DELETE_IN_PROGRESS", "");
                            stack.event(done, doneType, "DELETE_COMPLETE", "");
                        });
                    }
                    stack.then(() -> {
                        stack.template = changeSet.template;
                        stack.parameters.putAll(changeSet.parameters);
                        stack.status("ROLLBACK_COMPLETE", "");
                    });
                    return QueryAnswer.ok("");
                }
                created.add(logicalId);
                stack.then(() -> {
                    stack.event(logicalId, type, "CREATE_IN_PROGRESS", "");
                    stack.event(logicalId, type, "CREATE_IN_PROGRESS", "Resource creation Initiated");
                });
                stack.then(() -> stack.event(logicalId, type, "CREATE_COMPLETE", ""));
            }
            stack.then(() -> {
                stack.apply(changeSet);
                stack.status("CREATE_COMPLETE", "");
            });
            return QueryAnswer.ok("");
        }
        stack.status("UPDATE_IN_PROGRESS", "User Initiated");
        List<String> updated = new ArrayList<>();
        for (String logicalId : changes) {
            String type = changeSet.template.resource(logicalId).type();
            if (logicalId.equals(failing)) {
                stack.then(() -> {
                    stack.event(logicalId, type, "UPDATE_IN_PROGRESS", "");
                    stack.event(logicalId, type, "UPDATE_FAILED", reason);
                });
                stack.then(() -> stack.status("UPDATE_ROLLBACK_IN_PROGRESS",
                        "The following resource(s) failed to update: [" + logicalId + "]."));
                for (String done : updated.reversed()) {
                    String doneType = changeSet.template.resource(done).type();
                    stack.then(() -> {
                        stack.event(done, doneType, "UPDATE_IN_PROGRESS", "");
                        stack.event(done, doneType, "UPDATE_COMPLETE", "");
                    });
                }
                stack.then(() -> stack.status("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", ""));
                stack.then(() -> stack.status("UPDATE_ROLLBACK_COMPLETE", ""));
                return QueryAnswer.ok("");
            }
            updated.add(logicalId);
            stack.then(() -> stack.event(logicalId, type, "UPDATE_IN_PROGRESS", ""));
            stack.then(() -> stack.event(logicalId, type, "UPDATE_COMPLETE", ""));
        }
        stack.then(() -> {
            stack.apply(changeSet);
            stack.status("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "");
        });
        stack.then(() -> stack.status("UPDATE_COMPLETE", ""));
        return QueryAnswer.ok("");
    }

    private QueryAnswer deleteStack(String nameOrId) {
        Optional<Stack> found = find(nameOrId).filter(s -> !s.status.equals("DELETE_COMPLETE"));
        if (found.isEmpty()) {
            return QueryAnswer.ok(""); // deleting what is not there succeeds
        }
        Stack stack = found.get();
        stack.status("DELETE_IN_PROGRESS", "User Initiated");
        String failing = stack.resources().stream().filter(failures::containsKey).findFirst().orElse(null);
        for (String logicalId : stack.resources().reversed()) {
            String type = stack.template.resource(logicalId).type();
            if (logicalId.equals(failing)) {
                String reason = failures.remove(failing);
                stack.then(() -> {
                    stack.event(logicalId, type, "DELETE_IN_PROGRESS", "");
                    stack.event(logicalId, type, "DELETE_FAILED", reason);
                });
                stack.then(() -> stack.status("DELETE_FAILED", "The following resource(s) failed to delete: [" + logicalId + "]. "));
                return QueryAnswer.ok("");
            }
            stack.then(() -> {
                stack.event(logicalId, type, "DELETE_IN_PROGRESS", "");
                stack.event(logicalId, type, "DELETE_COMPLETE", "");
            });
        }
        stack.then(() -> {
            stack.status("DELETE_COMPLETE", "");
            stack.outputs.clear();
        });
        return QueryAnswer.ok("");
    }

    private QueryAnswer describeStackResource(String nameOrId, String logicalId) {
        Optional<Stack> found = find(nameOrId);
        if (found.isEmpty()) {
            return QueryAnswer.error(400, "ValidationError", "Stack with id " + nameOrId + " does not exist");
        }
        Stack stack = found.get();
        Event latest = null;
        for (Event event : stack.events) {
            if (event.logicalId.equals(logicalId)) {
                latest = event;
            }
        }
        if (latest == null || logicalId.equals(stack.name)) {
            return QueryAnswer.error(400, "ValidationError", "Resource " + logicalId + " does not exist for stack " + stack.name);
        }
        return QueryAnswer.ok(new Xml().open("StackResourceDetail").text("StackName", stack.name).text("StackId", stack.id)
                .text("LogicalResourceId", logicalId).text("PhysicalResourceId", stack.physicalId(logicalId))
                .text("ResourceType", latest.type).text("LastUpdatedTimestamp", latest.time)
                .text("ResourceStatus", latest.status).close("StackResourceDetail").body());
    }

    /** What CloudFormation would name the resource: a log group gets its LogGroupName, others a made-up ID. */
    private static String physicalId(Template template, Map<String, String> parameters, String stackName, String logicalId) {
        Resource resource = template.resource(logicalId);
        if (resource.type().equals("AWS::Logs::LogGroup") && resource.property("LogGroupName") != null) {
            Map<String, String> values = new HashMap<>(parameters);
            values.putAll(Map.of("AWS::Region", REGION, "AWS::AccountId", FakeAws.ACCOUNT, "AWS::StackName", stackName));
            return String.valueOf(new Intrinsics(template, values, Map.of(), Map.of()).resolve(resource.property("LogGroupName")));
        }
        return logicalId + "-physical";
    }

    private Optional<Stack> find(String nameOrId) {
        Stack byId = stacksById.get(nameOrId);
        return byId != null ? Optional.of(byId) : live(nameOrId);
    }

    private Optional<Stack> live(String name) {
        return stacksById.values().stream()
                .filter(s -> s.name.equals(name) && !s.status.equals("DELETE_COMPLETE")).findFirst();
    }

    private final class Stack {
        final String name;
        final String id;
        final String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        final List<Event> events = new ArrayList<>();
        final Deque<Runnable> script = new ArrayDeque<>();
        final Map<String, String> parameters = new TreeMap<>();
        final Map<String, String> outputs = new LinkedHashMap<>();
        final Map<String, String> physicalIds = new HashMap<>();
        String status = "";
        String reason = "";
        Template template;

        Stack(String name) {
            this.name = name;
            this.id = "arn:aws:cloudformation:" + REGION + ":" + FakeAws.ACCOUNT + ":stack/" + name + "/" + UUID.randomUUID();
        }

        void then(Runnable step) {
            script.add(step);
        }

        /** CloudFormation moves on between two looks. */
        void tick() {
            Runnable step = script.poll();
            if (step != null) {
                step.run();
            }
        }

        void status(String newStatus, String why) {
            status = newStatus;
            reason = why;
            event(name, "AWS::CloudFormation::Stack", newStatus, why);
        }

        void event(String logicalId, String type, String eventStatus, String why) {
            events.add(new Event("event-" + sequence.incrementAndGet(), logicalId, type, eventStatus, why,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()));
            if (type.equals("AWS::Logs::LogGroup") && eventStatus.equals("CREATE_COMPLETE")) {
                logs.stackCreated(physicalId(logicalId));
            } else if (type.equals("AWS::Logs::LogGroup") && eventStatus.equals("DELETE_COMPLETE")) {
                logs.stackDeleted(physicalId(logicalId));
            }
        }

        String physicalId(String logicalId) {
            return physicalIds.getOrDefault(logicalId, logicalId + "-physical");
        }

        List<String> resources() {
            return template == null ? List.of() : active(template, parameters);
        }

        void apply(ChangeSet changeSet) {
            template = changeSet.template;
            parameters.clear();
            parameters.putAll(changeSet.parameters);
            outputs.clear();
            Map<String, String> values = new HashMap<>(parameters);
            values.putAll(Map.of("AWS::Region", REGION, "AWS::AccountId", FakeAws.ACCOUNT, "AWS::Partition", "aws",
                    "AWS::URLSuffix", "amazonaws.com", "AWS::StackName", name, "AWS::StackId", id));
            Map<String, String> refs = new HashMap<>();
            Map<String, String> attributes = new HashMap<>();
            for (String logicalId : template.resources().keySet()) {
                String physical = logicalId.toLowerCase().substring(0, Math.min(4, logicalId.length()))
                        + Integer.toHexString((name + logicalId).hashCode() & 0xfffff);
                refs.put(logicalId, physical);
                attributes.put(logicalId + ".RegionalDomainName", "d-" + physical + ".execute-api." + REGION + ".amazonaws.com");
            }
            Intrinsics intrinsics = new Intrinsics(template, values, refs, attributes);
            template.outputs().forEach((key, output) -> {
                Map<?, ?> definition = (Map<?, ?>) output;
                if (definition.get("Condition") instanceof String condition && !intrinsics.condition(condition)) {
                    return;
                }
                outputs.put(key, String.valueOf(intrinsics.resolve(definition.get("Value"))));
            });
        }
    }

    private final class ChangeSet {
        final String name;
        final String id;
        final Stack stack;
        final boolean create;
        final Template template;
        final Map<String, String> parameters;
        String failureReason;
        int looks;
        boolean executed;

        ChangeSet(String name, Stack stack, boolean create, Template template, Map<String, String> parameters) {
            this.name = name;
            this.id = "arn:aws:cloudformation:" + REGION + ":" + FakeAws.ACCOUNT + ":changeSet/" + name + "/" + UUID.randomUUID();
            this.stack = stack;
            this.create = create;
            this.template = template;
            this.parameters = parameters;
        }

        /** Resources to add, or (for an update) those whose definition or parameters changed. */
        List<String> changes() {
            List<String> active = active(template, parameters);
            if (create) {
                return active;
            }
            List<String> changed = new ArrayList<>();
            for (String logicalId : active) {
                if (!stack.template.resources().containsKey(logicalId)
                        || !fingerprint(stack.template, stack.parameters, logicalId).equals(fingerprint(template, parameters, logicalId))) {
                    changed.add(logicalId);
                }
            }
            return changed;
        }
    }

    private static List<String> active(Template template, Map<String, String> parameters) {
        Intrinsics intrinsics = new Intrinsics(template, parameters, Map.of(), Map.of());
        return template.resources().values().stream()
                .filter(r -> r.condition() == null || intrinsics.condition(r.condition()))
                .map(Resource::logicalId).toList();
    }

    /** A resource's definition plus the values of the parameters it names. */
    private static String fingerprint(Template template, Map<String, String> parameters, String logicalId) {
        Resource resource = template.resource(logicalId);
        String definition = resource.properties().toString();
        StringBuilder used = new StringBuilder(definition);
        for (String name : template.parameters().keySet()) {
            if (definition.contains("Ref=" + name + "}") || definition.contains("${" + name + "}")) {
                used.append('|').append(name).append('=').append(parameters.get(name));
            }
        }
        return used.toString();
    }

    private record Event(String id, String logicalId, String type, String status, String reason, String time) {
    }
}
