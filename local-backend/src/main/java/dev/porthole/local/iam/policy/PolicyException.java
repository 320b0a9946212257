package dev.porthole.local.iam.policy;

/**
 * A policy the local backend cannot evaluate exactly as IAM would: malformed, or using an element, condition
 * operator or condition key it does not implement. Thrown when the policy is read (at start for the template's
 * policies), never while a request is evaluated, so an unsupported policy fails loudly instead of being
 * evaluated wrongly.
 */
public final class PolicyException extends IllegalArgumentException {
    public PolicyException(String message) {
        super(message);
    }
}
