package dev.porthole.deploy.stack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.porthole.deploy.DeployException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDetail;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** The CloudFormation calls the deployer makes: find a stack, change sets, waiting with events, delete. */
public final class StackOperations {

    private final CloudFormationClient cloudFormation;
    private final Clock clock;
    private final Duration pollInterval;

    public StackOperations(CloudFormationClient cloudFormation, Clock clock, Duration pollInterval) {
        this.cloudFormation = cloudFormation;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /** The stack by name or ID, or empty if there is none (a deleted stack is found by ID only). */
    public Optional<StackState> find(String nameOrId) {
        try {
            List<Stack> stacks = cloudFormation.describeStacks(b -> b.stackName(nameOrId)).stacks();
            return stacks.isEmpty() ? Optional.empty() : Optional.of(state(stacks.getFirst()));
        } catch (CloudFormationException e) {
            if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Creates a change set and waits until CloudFormation has computed it.
     *
     * @param keepPrevious parameters that keep the value the stack has (CloudFormation's UsePreviousValue: the deployer
     *                     need not know it, as for a NoEcho one); only for an update
     * @throws DeployException if CloudFormation refuses it for another reason than "nothing to change"
     */
    public ChangeSet createChangeSet(String stackName, boolean create, String templateBody, Map<String, String> parameters,
                                     Set<String> keepPrevious, Map<String, String> tags, Instant deadline) {
        String name = "porthole-" + clock.instant().toEpochMilli();
        List<Parameter> values = new ArrayList<>();
        parameters.forEach((k, v) -> values.add(Parameter.builder().parameterKey(k).parameterValue(v).build()));
        keepPrevious.forEach(k -> values.add(Parameter.builder().parameterKey(k).usePreviousValue(true).build()));
        List<Tag> stackTags = new ArrayList<>();
        tags.forEach((k, v) -> stackTags.add(Tag.builder().key(k).value(v).build()));
        var created = cloudFormation.createChangeSet(b -> b.stackName(stackName).changeSetName(name)
                .changeSetType(create ? ChangeSetType.CREATE : ChangeSetType.UPDATE)
                .templateBody(templateBody).parameters(values).tags(stackTags)
                .capabilities(Capability.CAPABILITY_IAM)
                .description("Porthole deployer"));
        while (true) {
            DescribeChangeSetResponse described = describeChangeSet(created.id());
            ChangeSetStatus status = described.status();
            if (status == ChangeSetStatus.CREATE_COMPLETE) {
                return new ChangeSet(created.id(), created.stackId(), logicalIds(created.id(), described), false);
            }
            if (status == ChangeSetStatus.FAILED) {
                String reason = String.valueOf(described.statusReason());
                if (reason.contains("didn't contain changes") || reason.contains("No updates are to be performed")) {
                    return new ChangeSet(created.id(), created.stackId(), List.of(), true);
                }
                throw new DeployException("CloudFormation refused the change set for stack '" + stackName + "': " + reason,
                        "Check the parameters and the message above, then deploy again.");
            }
            pause(deadline, "CloudFormation to compute the change set of stack '" + stackName + "'");
        }
    }

    private DescribeChangeSetResponse describeChangeSet(String id) {
        return cloudFormation.describeChangeSet(b -> b.changeSetName(id));
    }

    private List<String> logicalIds(String id, DescribeChangeSetResponse first) {
        List<String> ids = new ArrayList<>();
        DescribeChangeSetResponse page = first;
        while (true) {
            for (Change change : page.changes()) {
                if (change.resourceChange() != null) {
                    ids.add(change.resourceChange().logicalResourceId());
                }
            }
            String token = page.nextToken();
            if (token == null) {
                return ids;
            }
            page = cloudFormation.describeChangeSet(b -> b.changeSetName(id).nextToken(token));
        }
    }

    /**
     * The physical ID of one of the stack's resources (a log group's is its name), if the stack has that resource now:
     * empty when the stack never had it or it is deleted.
     */
    public Optional<String> livePhysicalId(String stackId, String logicalId) {
        try {
            StackResourceDetail resource = cloudFormation.describeStackResource(b -> b.stackName(stackId).logicalResourceId(logicalId))
                    .stackResourceDetail();
            String status = String.valueOf(resource.resourceStatusAsString());
            if (status.equals("DELETE_COMPLETE") || status.equals("CREATE_FAILED") || resource.physicalResourceId() == null) {
                return Optional.empty();
            }
            return Optional.of(resource.physicalResourceId());
        } catch (CloudFormationException e) {
            if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public void executeChangeSet(String changeSetId) {
        cloudFormation.executeChangeSet(b -> b.changeSetName(changeSetId));
    }

    /** Removes a change set that will not be executed (CloudFormation keeps failed ones otherwise). */
    public void deleteChangeSet(String changeSetId) {
        cloudFormation.deleteChangeSet(b -> b.changeSetName(changeSetId));
    }

    public void deleteStack(String stackId) {
        cloudFormation.deleteStack(b -> b.stackName(stackId));
    }

    /** The newest event's ID, so that watching starts after it; empty for a stack without events. */
    public Optional<String> latestEventId(String stackId) {
        List<StackEvent> events = cloudFormation.describeStackEvents(b -> b.stackName(stackId)).stackEvents();
        return events.isEmpty() ? Optional.empty() : Optional.of(events.getFirst().eventId());
    }

    /**
     * Waits until the stack's operation has finished, reporting each new event in order.
     *
     * @param afterEventId the newest event before the operation started (nothing before it is reported)
     * @return the final state, and every event of the operation in order
     * @throws DeployException if the deadline passes first
     */
    public Outcome await(String stackId, Optional<String> afterEventId, Instant deadline, Consumer<StackEvent> onEvent) {
        List<StackEvent> seen = new ArrayList<>();
        String newest = afterEventId.orElse(null);
        while (true) {
            StackState state = find(stackId).orElseThrow(() -> new DeployException(
                    "The stack " + stackId + " disappeared while Porthole was watching it.",
                    "Look at the CloudFormation console, then deploy again."));
            List<StackEvent> fresh = eventsAfter(stackId, newest);
            if (!fresh.isEmpty()) {
                newest = fresh.getLast().eventId();
                for (StackEvent event : fresh) {
                    seen.add(event);
                    onEvent.accept(event);
                }
            }
            if (!state.inProgress()) {
                // events can trail the status by a moment: take the last ones before returning
                for (StackEvent event : eventsAfter(stackId, newest)) {
                    seen.add(event);
                    onEvent.accept(event);
                }
                return new Outcome(state, Collections.unmodifiableList(seen));
            }
            pause(deadline, "stack '" + state.name() + "' (" + state.status() + ")");
        }
    }

    public record Outcome(StackState state, List<StackEvent> events) {
    }

    /** Events newer than the given one, oldest first (CloudFormation lists newest first, in pages). */
    private List<StackEvent> eventsAfter(String stackId, String afterEventId) {
        List<StackEvent> newestFirst = new ArrayList<>();
        String token = null;
        pages:
        do {
            String next = token;
            DescribeStackEventsResponse page = cloudFormation.describeStackEvents(b -> b.stackName(stackId).nextToken(next));
            for (StackEvent event : page.stackEvents()) {
                if (event.eventId().equals(afterEventId)) {
                    break pages;
                }
                newestFirst.add(event);
            }
            token = page.nextToken();
        } while (token != null);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private void pause(Instant deadline, String waitingFor) {
        if (!clock.instant().plus(pollInterval).isBefore(deadline)) {
            throw new DeployException("Gave up waiting for " + waitingFor + " at the deadline; CloudFormation may still be working on it.",
                    "Look at the stack in the CloudFormation console, and run the same command again when it has finished.");
        }
        try {
            Thread.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("Interrupted while waiting for " + waitingFor + "; CloudFormation goes on without us.",
                    "Run the same command again to follow it.");
        }
    }

    static StackState state(Stack stack) {
        Map<String, String> parameters = new LinkedHashMap<>();
        stack.parameters().forEach(p -> parameters.put(p.parameterKey(), p.parameterValue() == null ? "" : p.parameterValue()));
        Map<String, String> outputs = new LinkedHashMap<>();
        stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue() == null ? "" : o.outputValue()));
        return new StackState(stack.stackId(), stack.stackName(), stack.stackStatusAsString(), stack.stackStatusReason(),
                parameters, outputs);
    }
}
