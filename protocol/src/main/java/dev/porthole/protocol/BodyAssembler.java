package dev.porthole.protocol;

import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts one request or response back together from its {@link BodyHead} and {@link BodyChunk}s, which may
 * arrive in any order and more than once (a retried post delivers a chunk twice). Everything a peer could
 * get wrong — a body over the limit, bad base64, a sequence gap, more bytes than announced — is a
 * {@link ProtocolException}, never a silently wrong body. Not thread-safe: one assembler per request.
 */
public final class BodyAssembler {
    /** Far above what {@link Limits#DEFAULT_MAX_BODY_BYTES} needs; stops a peer from allocating without bound. */
    private static final int MAX_SEQ = 1_000_000;

    private final long maxBodyBytes;
    private final Map<Integer, byte[]> parts = new HashMap<>();
    private BodyHead head;
    private int lastSeq = -1;
    private long received;

    public BodyAssembler(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Takes the next message of this body: its head or one of its chunks. */
    public void accept(Message message) throws ProtocolException {
        switch (message) {
            case BodyHead h -> acceptHead(h);
            case BodyChunk c -> acceptChunk(c);
            default -> throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                "expected a request, response or body chunk, got " + message.getClass().getSimpleName());
        }
    }

    private void acceptHead(BodyHead h) throws ProtocolException {
        if (head != null) {
            if (head.equals(h)) {
                return;
            }
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "a second, different head for " + h.id());
        }
        if (h.bodySize() > maxBodyBytes) {
            throw new ProtocolException(ErrorCode.BODY_TOO_LARGE,
                "body of " + h.bodySize() + " bytes is over the " + maxBodyBytes + "-byte limit");
        }
        head = h;
        store(0, decode(h.body()));
        if (!h.more()) {
            lastSeq = 0;
        }
        checkConsistent();
    }

    private void acceptChunk(BodyChunk c) throws ProtocolException {
        if (c.seq() > MAX_SEQ) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "chunk sequence number " + c.seq() + " is too high");
        }
        if (c.last()) {
            if (lastSeq >= 0 && lastSeq != c.seq()) {
                throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "two different last chunks for " + c.id());
            }
            lastSeq = c.seq();
        }
        store(c.seq(), decode(c.data()));
        checkConsistent();
    }

    private void store(int seq, byte[] data) throws ProtocolException {
        byte[] previous = parts.putIfAbsent(seq, data);
        if (previous != null) {
            if (!Arrays.equals(previous, data)) {
                throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "part " + seq + " arrived twice with different data");
            }
            return;
        }
        received += data.length;
        if (received > maxBodyBytes) {
            throw new ProtocolException(ErrorCode.BODY_TOO_LARGE, "body is over the " + maxBodyBytes + "-byte limit");
        }
    }

    private void checkConsistent() throws ProtocolException {
        if (lastSeq >= 0 && parts.keySet().stream().anyMatch(seq -> seq > lastSeq)) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "a chunk came after the last one");
        }
        if (head != null && received > head.bodySize()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                "received " + received + " body bytes, more than the " + head.bodySize() + " announced");
        }
        if (head != null && !head.more() && received != head.bodySize()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE,
                "the head announced " + head.bodySize() + " body bytes but carried " + received + " and no more");
        }
    }

    public boolean isComplete() {
        return head != null && lastSeq >= 0 && parts.size() == lastSeq + 1 && received == head.bodySize();
    }

    /** The head, once it has arrived; null before. */
    public BodyHead head() {
        return head;
    }

    /** The whole body; only once {@link #isComplete()}. */
    public byte[] body() {
        if (!isComplete()) {
            throw new IllegalStateException("body is not complete yet");
        }
        byte[] body = new byte[Math.toIntExact(received)];
        int offset = 0;
        for (int seq = 0; seq <= lastSeq; seq++) {
            byte[] part = parts.get(seq);
            System.arraycopy(part, 0, body, offset, part.length);
            offset += part.length;
        }
        return body;
    }

    private static byte[] decode(String base64) throws ProtocolException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "body is not valid base64: " + e.getMessage(), e);
        }
    }
}
