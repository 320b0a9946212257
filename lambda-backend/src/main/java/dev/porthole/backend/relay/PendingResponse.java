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

/** One public request waiting on a relay for its agent's answer, which may arrive in many out-of-order messages. */
public final class PendingResponse {
    private final RequestTicket ticket;
    private final String agentConnectionId;
    private final Relay.Link link;
    private final BodyAssembler assembler;
    private final CompletableFuture<AgentReply> result = new CompletableFuture<>();

    PendingResponse(RequestTicket ticket, String agentConnectionId, Relay.Link link, long maxBodyBytes) {
        this.ticket = ticket;
        this.agentConnectionId = agentConnectionId;
        this.link = link;
        this.assembler = new BodyAssembler(maxBodyBytes);
    }

    public RequestTicket ticket() {
        return ticket;
    }

    String agentConnectionId() {
        return agentConnectionId;
    }

    Relay.Link link() {
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

    /** Waits for the whole answer. */
    public AgentReply await(Duration timeout) throws RelayException {
        try {
            return result.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RelayException(RelayException.Kind.TIMEOUT, "no complete answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RelayException relay ? relay : new RelayException(RelayException.Kind.BAD_RESPONSE, String.valueOf(e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayException(RelayException.Kind.TIMEOUT, "interrupted while waiting");
        }
    }
}
