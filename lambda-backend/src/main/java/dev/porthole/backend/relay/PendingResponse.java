package dev.porthole.backend.relay;

import dev.porthole.protocol.BodyAssembler;
import dev.porthole.protocol.ErrorCode;
import dev.porthole.protocol.ErrorMessage;
import dev.porthole.protocol.Message;
import dev.porthole.protocol.ProtocolException;
import dev.porthole.protocol.ResponseHead;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One public request waiting on the relay for its agent's answer, which may arrive in many out-of-order messages.
 * While it waits it watches both ends: a relay quiet for a moment (half a second on AWS) is asked whether it still
 * works (a relay that died silently fails the request within about a second, not at the deadline), and after a
 * second, every two seconds, API Gateway is asked whether the agent is still connected.
 */
public final class PendingResponse {
    static final Duration FIRST_AGENT_CHECK = Duration.ofSeconds(1);
    static final Duration AGENT_CHECK_EVERY = Duration.ofSeconds(2);
    private static final long STEP_MILLIS = 100;

    private final String id;
    private final RelayLink link;
    private final Duration patience;
    private final BodyAssembler assembler;
    private final CompletableFuture<AgentReply> result = new CompletableFuture<>();

    /** @param patience how long the relay may be quiet before it is asked, and how long it has to answer */
    PendingResponse(String id, RelayLink link, long maxBodyBytes, Duration patience) {
        this.id = id;
        this.link = link;
        this.patience = patience;
        this.assembler = new BodyAssembler(maxBodyBytes);
    }

    /** The request's ID: unguessable, so only the agent it is sent to can answer it. */
    public String id() {
        return id;
    }

    /** The relay connection the agent must post its answer to. */
    public String replyTo() {
        return link.connectionId();
    }

    RelayLink link() {
        return link;
    }

    synchronized void accept(Message message) {
        if (result.isDone()) {
            return;
        }
        if (message instanceof ErrorMessage error) {
            fail(error.errorCode() == ErrorCode.BODY_TOO_LARGE ? RelayException.Kind.RESPONSE_TOO_LARGE : RelayException.Kind.AGENT_ERROR,
                error.message());
            return;
        }
        try {
            assembler.accept(message);
            if (assembler.head() != null && !(assembler.head() instanceof ResponseHead)) {
                fail(RelayException.Kind.BAD_RESPONSE, "the agent sent a request where a response belongs");
            } else if (assembler.isComplete()) {
                result.complete(new AgentReply((ResponseHead) assembler.head(), assembler.body()));
            }
        } catch (ProtocolException e) {
            fail(e.code() == ErrorCode.BODY_TOO_LARGE ? RelayException.Kind.RESPONSE_TOO_LARGE : RelayException.Kind.BAD_RESPONSE, e.getMessage());
        }
    }

    void fail(RelayException.Kind kind, String message) {
        result.completeExceptionally(new RelayException(kind, message));
    }

    /** Waits for the whole answer, at most {@code timeout}, watching the relay and the agent meanwhile. */
    public AgentReply await(Duration timeout, AgentLiveness agent) throws RelayException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextAgentCheck = start + FIRST_AGENT_CHECK.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new RelayException(RelayException.Kind.TIMEOUT, "no complete answer within " + timeout.toMillis() + " ms");
            }
            try {
                return result.get(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, STEP_MILLIS), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still waiting: look at both ends
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RelayException relay ? relay
                    : new RelayException(RelayException.Kind.BAD_RESPONSE, String.valueOf(e.getCause()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RelayException(RelayException.Kind.TIMEOUT, "interrupted while waiting");
            }
            if (link.quietFor().compareTo(patience) >= 0 && !result.isDone() && !link.probe(patience)) {
                fail(RelayException.Kind.RELAY_LOST, "the relay connection stopped answering");
            }
            if (System.nanoTime() >= nextAgentCheck && !result.isDone()) {
                nextAgentCheck = System.nanoTime() + AGENT_CHECK_EVERY.toNanos();
                if (!agent.stillConnected()) {
                    fail(RelayException.Kind.AGENT_GONE, "the agent disconnected before answering");
                }
            }
        }
    }
}
