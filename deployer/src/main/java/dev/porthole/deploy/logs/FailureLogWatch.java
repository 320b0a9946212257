package dev.porthole.deploy.logs;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Follows a stack operation's events and, at the first failure of the function or its version, reads the function's
 * last log lines at once, before a rollback can delete its log group.
 */
public final class FailureLogWatch {

    /** How many lines a person is shown. */
    public static final int LINES = 20;

    /** Failures of these resources are the function's own (bad code, an initialisation that throws or times out). */
    private static final Set<String> FUNCTION_TYPES = Set.of("AWS::Lambda::Function", "AWS::Lambda::Version");

    private final FunctionLog log;
    private final String logGroup;
    private final Instant since;
    private final Collection<String> secrets;
    private List<String> lines;

    /**
     * @param since   when the operation started, a little early for clocks that differ
     * @param secrets what must never be shown (see {@link FunctionLog})
     */
    public FailureLogWatch(FunctionLog log, String logGroup, Instant since, Collection<String> secrets) {
        this.log = log;
        this.logGroup = logGroup;
        this.since = since;
        this.secrets = List.copyOf(secrets);
    }

    /** @return true if this event made it read the lines */
    public boolean onEvent(StackEvent event) {
        String status = String.valueOf(event.resourceStatusAsString());
        if (lines != null || !status.endsWith("_FAILED") || !FUNCTION_TYPES.contains(event.resourceType())
                || String.valueOf(event.resourceStatusReason()).contains("cancelled")) {
            return false;
        }
        lines = log.lastLines(logGroup, since, LINES, secrets);
        return true;
    }

    /** The lines read, oldest first; empty if no function failure was seen or the function logged nothing. */
    public List<String> lines() {
        return lines == null ? List.of() : lines;
    }
}
