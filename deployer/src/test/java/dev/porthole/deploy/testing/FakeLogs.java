package dev.porthole.deploy.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.porthole.deploy.testing.FakeAws.JsonAnswer;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * CloudWatch Logs' JSON 1.1 protocol ({@code Logs_20140328.*}) for DescribeLogGroups, DescribeLogStreams and
 * GetLogEvents. Log groups come and go with the stacks that create them ({@link FakeCloudFormation} tells); a test can
 * leave one behind as if from an earlier function, and make a function log lines as soon as its group exists.
 */
public final class FakeLogs {

    private final Map<String, Group> groups = new TreeMap<>();
    private final Map<String, List<String>> linesOnCreate = new LinkedHashMap<>();

    private static final class Group {
        final long created = Instant.now().toEpochMilli();
        final Map<String, List<Event>> streams = new LinkedHashMap<>();
    }

    private record Event(long timestamp, String message) {
    }

    /** A log group that exists outside any stack. */
    public synchronized void create(String name) {
        groups.computeIfAbsent(name, n -> new Group());
    }

    public synchronized boolean exists(String name) {
        return groups.containsKey(name);
    }

    /** Lines written to a stream of the group, now. */
    public synchronized void write(String group, String stream, String... lines) {
        Group target = groups.get(group);
        if (target == null) {
            throw new IllegalStateException("no log group " + group);
        }
        long now = Instant.now().toEpochMilli();
        List<Event> events = target.streams.computeIfAbsent(stream, s -> new ArrayList<>());
        for (String line : lines) {
            events.add(new Event(now++, line + "\n"));
        }
    }

    /** When a stack creates this group, the function logs these lines into it (as a failing initialisation would). */
    public synchronized void whenCreated(String group, String... lines) {
        linesOnCreate.put(group, List.of(lines));
    }

    synchronized void stackCreated(String group) {
        create(group);
        List<String> lines = linesOnCreate.remove(group);
        if (lines != null) {
            write(group, "2026/12/01/[1]0123456789abcdef0123456789abcdef", lines.toArray(String[]::new));
        }
    }

    synchronized void stackDeleted(String group) {
        groups.remove(group);
    }

    synchronized JsonAnswer handle(String operation, JsonNode body) {
        return switch (operation) {
            case "DescribeLogGroups" -> describeLogGroups(Optional.ofNullable(Json.text(body, "logGroupNamePrefix")).orElse(""));
            case "DescribeLogStreams" -> describeLogStreams(body);
            case "GetLogEvents" -> getLogEvents(body);
            default -> JsonAnswer.error(400, "InvalidOperationException", "Unknown operation " + operation);
        };
    }

    private JsonAnswer describeLogGroups(String prefix) {
        List<Object> found = new ArrayList<>();
        groups.forEach((name, group) -> {
            if (name.startsWith(prefix)) {
                found.add(Map.of("logGroupName", name, "creationTime", group.created, "metricFilterCount", 0,
                        "arn", "arn:aws:logs:" + FakeCloudFormation.REGION + ":" + FakeAws.ACCOUNT + ":log-group:" + name + ":*",
                        "storedBytes", 0, "logGroupClass", "STANDARD"));
            }
        });
        return JsonAnswer.ok(Map.of("logGroups", found));
    }

    private JsonAnswer describeLogStreams(JsonNode body) {
        Group group = groups.get(Json.text(body, "logGroupName"));
        if (group == null) {
            return JsonAnswer.error(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        boolean descending = body.field("descending").map(JsonNode::asBoolean).orElse(false);
        int limit = body.field("limit").map(n -> Integer.parseInt(n.asNumber())).orElse(50);
        List<Map.Entry<String, List<Event>>> streams = new ArrayList<>(group.streams.entrySet());
        Comparator<Map.Entry<String, List<Event>>> byLastEvent = Comparator.comparingLong(e -> e.getValue().getLast().timestamp());
        streams.sort(descending ? byLastEvent.reversed() : byLastEvent);
        List<Object> found = new ArrayList<>();
        for (var stream : streams.subList(0, Math.min(limit, streams.size()))) {
            found.add(Map.of("logStreamName", stream.getKey(), "creationTime", stream.getValue().getFirst().timestamp(),
                    "firstEventTimestamp", stream.getValue().getFirst().timestamp(),
                    "lastEventTimestamp", stream.getValue().getLast().timestamp(),
                    "lastIngestionTime", stream.getValue().getLast().timestamp() + 5, "storedBytes", 0));
        }
        return JsonAnswer.ok(Map.of("logStreams", found));
    }

    private JsonAnswer getLogEvents(JsonNode body) {
        Group group = groups.get(Json.text(body, "logGroupName"));
        if (group == null) {
            return JsonAnswer.error(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        List<Event> events = group.streams.get(Json.text(body, "logStreamName"));
        if (events == null) {
            return JsonAnswer.error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
        }
        int limit = body.field("limit").map(n -> Integer.parseInt(n.asNumber())).orElse(10_000);
        boolean fromHead = body.field("startFromHead").map(JsonNode::asBoolean).orElse(false);
        List<Event> page = fromHead ? events.subList(0, Math.min(limit, events.size()))
                : events.subList(Math.max(0, events.size() - limit), events.size());
        List<Object> out = new ArrayList<>();
        page.forEach(e -> out.add(Map.of("timestamp", e.timestamp(), "message", e.message(), "ingestionTime", e.timestamp() + 5)));
        return JsonAnswer.ok(Map.of("events", out, "nextForwardToken", "f/" + events.size(), "nextBackwardToken", "b/0"));
    }
}
