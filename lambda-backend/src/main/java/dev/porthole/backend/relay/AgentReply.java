package dev.porthole.backend.relay;

import dev.porthole.protocol.ResponseHead;

/** The agent's complete answer to one public request. */
public record AgentReply(ResponseHead head, byte[] body) {
}
