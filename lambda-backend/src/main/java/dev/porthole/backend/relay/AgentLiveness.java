package dev.porthole.backend.relay;

/** Whether the agent a request was sent to is still connected, asked of API Gateway while a request waits long. */
@FunctionalInterface
public interface AgentLiveness {
    boolean stillConnected();
}
