package dev.porthole.agent.capture;

import java.util.Arrays;

/**
 * A body as captured for the inspector: the first {@code bytes.length} bytes of a body of {@code size} bytes.
 * The capture is capped to keep memory bounded; {@link #truncated()} says when the cap cut it.
 */
public record CapturedBody(byte[] bytes, long size) {
    public static final CapturedBody EMPTY = new CapturedBody(new byte[0], 0);

    public CapturedBody {
        if (bytes.length > size) {
            throw new IllegalArgumentException("captured more bytes than the body has");
        }
    }

    /** Captures {@code body}, keeping at most {@code cap} bytes. */
    public static CapturedBody of(byte[] body, int cap) {
        return body.length <= cap ? new CapturedBody(body, body.length) : new CapturedBody(Arrays.copyOf(body, cap), body.length);
    }

    public boolean truncated() {
        return bytes.length < size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedBody other && size == other.size && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "CapturedBody[" + bytes.length + " of " + size + " bytes]";
    }
}
