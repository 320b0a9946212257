package dev.porthole.policy;

/**
 * Changes the request's headers before it goes to the local service. Several such rules accumulate, in order.
 * They change what is forwarded only: the other rules (signatures above all) see the request as the caller sent it.
 */
public record RequestHeaders(RequestMatch match, HeaderEdits edits) implements RequestRule {
    public static final String KIND = "request-headers";

    public static RequestHeaders of(HeaderEdits edits) {
        return new RequestHeaders(RequestMatch.any(), edits);
    }

    public RequestHeaders matching(RequestMatch newMatch) {
        return new RequestHeaders(newMatch, edits);
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
