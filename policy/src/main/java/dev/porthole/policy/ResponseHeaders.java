package dev.porthole.policy;

/**
 * Changes the headers of the local service's response (for the requests its {@link #match()} selects) on the
 * way back to the caller. Several accumulate, in order. Fixed responses, fallbacks and refusals are not changed:
 * they carry exactly the headers written for them.
 */
public record ResponseHeaders(RequestMatch match, HeaderEdits edits) implements RequestRule {
    public static final String KIND = "response-headers";

    public static ResponseHeaders of(HeaderEdits edits) {
        return new ResponseHeaders(RequestMatch.any(), edits);
    }

    public ResponseHeaders matching(RequestMatch newMatch) {
        return new ResponseHeaders(newMatch, edits);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String describe() {
        return EditsText.of(edits);
    }
}
