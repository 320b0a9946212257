package dev.porthole.agent.capture;

/**
 * One request through a tunnel and what came back: the unit the live log lists, the inspector shows and
 * replay resends. Published once the response has gone back.
 *
 * @param id       unique within this process; stable for the lifetime of the record
 * @param tunnelId the tunnel it came through
 * @param response what the caller received — also when the agent made it up (502 when the local service
 *                 refused, 504 when it timed out), or when the tunnel's traffic rules answered in the backend; see
 *                 {@link #error()} and {@link #policy()}
 * @param error    null when the local service answered; otherwise why the agent answered instead, in plain words
 * @param replayOf the {@link #id()} of the exchange this one replays, or null for live traffic
 * @param policy   what the tunnel's traffic rules made of the request, as the backend said: {@code allowed (rule 1
 *                 (request-headers))}, {@code refused by rule 2 (verify-webhook): …}, {@code answered by rule 3
 *                 (fixed-response) with 200}. Never a secret. Null when the tunnel has no rules (and for replays)
 */
public record Exchange(String id, String tunnelId, CapturedRequest request, CapturedResponse response,
                       Timings timings, String error, String replayOf, String policy) {

    /** An exchange of a tunnel without traffic rules. */
    public Exchange(String id, String tunnelId, CapturedRequest request, CapturedResponse response, Timings timings,
                    String error, String replayOf) {
        this(id, tunnelId, request, response, timings, error, replayOf, null);
    }

    public boolean isReplay() {
        return replayOf != null;
    }

    /**
     * Whether the tunnel's rules kept the request from the local service (refused it, or answered it in the backend):
     * it never reached this computer, and its body was not captured.
     */
    public boolean keptByRule() {
        return policy != null && (policy.startsWith("refused") || policy.startsWith("answered"));
    }
}
