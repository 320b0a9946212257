package dev.porthole.policy.webhook;

import java.util.Optional;

/**
 * Whether a delivery's signature holds. A failed one says why in words fit for the caller ("the X-Hub-Signature-256
 * header is missing"), never with the expected signature or anything derived from the secret.
 */
public record Verification(Optional<String> problem) {
    private static final Verification VALID = new Verification(Optional.empty());

    public static Verification valid() {
        return VALID;
    }

    public static Verification invalid(String problem) {
        return new Verification(Optional.of(problem));
    }

    public boolean isValid() {
        return problem.isEmpty();
    }
}
