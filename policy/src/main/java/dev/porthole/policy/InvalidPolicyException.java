package dev.porthole.policy;

/**
 * A policy, rule or field that is not valid, with a message a person can act on ("rule 3 (rate-limit): limit must
 * be at least 1"). {@link #pointer()} says where in the policy document it is, as a JSON Pointer
 * ({@code /rules/2/limit}), so a file reader can name the line.
 */
public final class InvalidPolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String pointer;

    public InvalidPolicyException(String pointer, String message) {
        super(message);
        this.pointer = pointer;
    }

    /** A problem with a field of a rule, before the rule's position is known: {@code at("limit", "...")}. */
    public static InvalidPolicyException at(String field, String message) {
        return new InvalidPolicyException(field.isEmpty() ? "" : "/" + field, message);
    }

    /** Where the problem is: a JSON Pointer into the policy's JSON form; empty for the whole policy. */
    public String pointer() {
        return pointer;
    }

    /** The same problem seen from a container: {@code under("/rules/2", "rule 3 (rate-limit): ")}. */
    public InvalidPolicyException under(String prefixPointer, String messagePrefix) {
        return new InvalidPolicyException(prefixPointer + pointer, messagePrefix + getMessage());
    }
}
