package dev.porthole.desktop.control;

/** A call the control API turns down: the HTTP status and a message that says what to do instead. */
final class ControlException extends RuntimeException {
    private final int status;

    ControlException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
