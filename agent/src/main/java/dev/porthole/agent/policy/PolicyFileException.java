package dev.porthole.agent.policy;

/** A policy file that cannot be used, with a one-line message naming the file and, when known, the line and column. */
public final class PolicyFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PolicyFileException(String message) {
        super(message);
    }
}
