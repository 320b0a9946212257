package dev.porthole.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Splits a request or response into encoded messages of at most {@link Limits#MAX_MESSAGE_BYTES} each:
 * the head carries as much of the body as fits, {@link BodyChunk}s carry the rest. Sizes are measured on
 * the encoded UTF-8 bytes, so headers with non-ASCII values are accounted for exactly.
 */
public final class BodySplitter {
    /** Room for the largest sequence number a chunk can have (a 6 MB body needs about 250). */
    private static final int WIDEST_SEQ = 9_999_999;

    private BodySplitter() {
    }

    public static List<byte[]> split(BodyHead head, byte[] body) throws ProtocolException {
        return split(head, body, Limits.MAX_MESSAGE_BYTES);
    }

    /**
     * @return the encoded messages (UTF-8 JSON) in sending order: the head first, then chunks 1, 2, 3…
     * @throws ProtocolException with {@link ErrorCode#MESSAGE_TOO_LARGE} when the head's headers alone do not fit
     */
    public static List<byte[]> split(BodyHead head, byte[] body, int maxMessageBytes) throws ProtocolException {
        if (body.length <= maxMessageBytes / 4 * 3) {
            // the usual case, a small body: one encoding, and it most likely fits
            byte[] whole = MessageCodec.encodeToBytes(head.withBody(body.length, base64(body, 0, body.length), false));
            if (whole.length <= maxMessageBytes) {
                return List.of(whole);
            }
        }
        int headRoom = maxMessageBytes - encodedLength(head.withBody(body.length, "", false));
        int headCapacity = rawCapacity(headRoom);
        if (headCapacity <= 0) {
            throw new ProtocolException(ErrorCode.MESSAGE_TOO_LARGE,
                "the headers alone take more than the " + maxMessageBytes + " bytes one message can carry");
        }
        if (body.length <= headCapacity) {
            return List.of(MessageCodec.encodeToBytes(head.withBody(body.length, base64(body, 0, body.length), false)));
        }
        int chunkCapacity = rawCapacity(maxMessageBytes - encodedLength(new BodyChunk(head.id(), WIDEST_SEQ, "", false)));
        if (chunkCapacity <= 0) {
            throw new ProtocolException(ErrorCode.MESSAGE_TOO_LARGE, "the request ID is too long to leave room for a body");
        }
        List<byte[]> messages = new ArrayList<>(2 + (body.length - headCapacity) / chunkCapacity);
        messages.add(MessageCodec.encodeToBytes(head.withBody(body.length, base64(body, 0, headCapacity), true)));
        int seq = 1;
        for (int from = headCapacity; from < body.length; from += chunkCapacity, seq++) {
            int to = Math.min(body.length, from + chunkCapacity);
            messages.add(MessageCodec.encodeChunk(head.id(), seq, body, from, to, to == body.length));
        }
        return messages;
    }

    /** How many raw bytes fit in {@code room} bytes of base64 text. */
    private static int rawCapacity(int room) {
        return room <= 0 ? 0 : room / 4 * 3;
    }

    private static int encodedLength(Message message) {
        return MessageCodec.encodeToBytes(message).length;
    }

    private static String base64(byte[] body, int from, int to) {
        byte[] part = from == 0 && to == body.length ? body : Arrays.copyOfRange(body, from, to);
        return new String(Base64.getEncoder().encode(part), StandardCharsets.ISO_8859_1);
    }
}
