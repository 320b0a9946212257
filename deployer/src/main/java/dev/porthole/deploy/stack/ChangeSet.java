package dev.porthole.deploy.stack;

import java.util.List;

/**
 * A change set CloudFormation has computed.
 *
 * @param changes    the logical IDs of the resources it will add, modify or remove
 * @param noChanges  true if the stack already matches (an update with nothing to do)
 */
public record ChangeSet(String id, String stackId, List<String> changes, boolean noChanges) {

    public ChangeSet {
        changes = List.copyOf(changes);
    }
}
