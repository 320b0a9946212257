package dev.porthole.protocol;

import java.util.Objects;

/**
 * A further part of the body begun by a {@link BodyHead} with the same {@code id}.
 *
 * @param seq  1 for the first chunk after the head, then 2, 3…; chunks may arrive out of order
 *             (API Gateway invokes the backend once per message, concurrently)
 * @param data base64
 * @param last true on the chunk with the highest sequence number
 */
public record BodyChunk(String id, int seq, String data, boolean last) implements Message {
    public BodyChunk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, got " + seq);
        }
    }
}
