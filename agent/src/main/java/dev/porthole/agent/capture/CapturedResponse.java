package dev.porthole.agent.capture;

import dev.porthole.protocol.HttpHeaders;

/** A response as it went back to the public caller. */
public record CapturedResponse(int status, HttpHeaders headers, CapturedBody body) {
}
