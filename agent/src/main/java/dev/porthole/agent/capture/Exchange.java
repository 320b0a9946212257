package dev.porthole.agent.capture;

/**
 * One request through a tunnel and what came back: the unit the live log lists, the inspector shows and
 * replay resends. Published once the response has gone back.
 *
 * @param id       unique within this process; stable for the lifetime of the record
 * @param tunnelId the tunnel it came through
 * @param response what the caller received — also when the agent made it up (502 when the local service
 *                 refused, 504 when it timed out); see {@link #error()}
 * @param error    null when the local service answered; otherwise why the agent answered instead, in plain words
 * @param replayOf the {@link #id()} of the exchange this one replays, or null for live traffic
 */
public record Exchange(String id, String tunnelId, CapturedRequest request, CapturedResponse response,
                       Timings timings, String error, String replayOf) {

    public boolean isReplay() {
        return replayOf != null;
    }
}
