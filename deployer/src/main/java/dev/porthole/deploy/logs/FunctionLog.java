package dev.porthole.deploy.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The last lines the function wrote to its log group, for when a deployment fails because of the function itself
 * (its SnapStart initialisation failing while the version is published, for example). They have to be read while the
 * group still exists: a failed first creation rolls it back with everything else.
 *
 * <p>The function never logs a secret; the lines are still searched for the deployment's secrets, which are replaced by
 * {@value #REMOVED}, so that no secret can reach a message.
 */
public final class FunctionLog {

    public static final String REMOVED = "[secret removed]";

    /** Streams read: the function's versions being published write to streams of their own. */
    private static final int STREAMS = 3;

    private final CloudWatchLogsClient logs;

    public FunctionLog(CloudWatchLogsClient logs) {
        this.logs = logs;
    }

    /**
     * @param since   lines older than this are left out (those of the versions that ran before the deployment)
     * @param count   at most this many lines, the newest
     * @param secrets values that must never appear in the lines
     * @return oldest first; empty if the group does not exist (any more), has no lines, or cannot be read
     */
    public List<String> lastLines(String logGroup, Instant since, int count, Collection<String> secrets) {
        try {
            List<LogStream> streams = logs.describeLogStreams(b -> b.logGroupName(logGroup).orderBy(OrderBy.LAST_EVENT_TIME)
                    .descending(true).limit(STREAMS)).logStreams();
            List<OutputLogEvent> events = new ArrayList<>();
            for (LogStream stream : streams) {
                if (stream.lastEventTimestamp() != null && stream.lastEventTimestamp() < since.toEpochMilli()) {
                    continue;
                }
                events.addAll(logs.getLogEvents(b -> b.logGroupName(logGroup).logStreamName(stream.logStreamName())
                        .startFromHead(false).limit(count)).events());
            }
            events.sort(Comparator.comparing(OutputLogEvent::timestamp));
            List<String> lines = new ArrayList<>();
            for (OutputLogEvent event : events) {
                if (event.timestamp() != null && event.timestamp() < since.toEpochMilli()) {
                    continue;
                }
                for (String line : String.valueOf(event.message()).split("\\R")) {
                    if (!line.isBlank()) {
                        lines.add(redact(line.stripTrailing(), secrets));
                    }
                }
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (ResourceNotFoundException e) {
            return List.of(); // not created yet, or already rolled back
        } catch (SdkException e) {
            // the lines only help explain a failure that is reported anyway
            System.getLogger(FunctionLog.class.getName()).log(System.Logger.Level.DEBUG, "cannot read " + logGroup, e);
            return List.of();
        }
    }

    static String redact(String line, Collection<String> secrets) {
        String clean = line;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 16) {
                clean = clean.replace(secret, REMOVED);
            }
        }
        return clean;
    }
}
