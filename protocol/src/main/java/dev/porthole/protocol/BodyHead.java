package dev.porthole.protocol;

/**
 * The first message of a request or response. It carries the first part of the body (base64, possibly
 * empty); when {@link #more()} is true, {@link BodyChunk}s with the same {@link #id()} and sequence
 * numbers from 1 carry the rest. {@link BodySplitter} produces these, {@link BodyAssembler} reverses it.
 */
public sealed interface BodyHead extends Message permits RequestHead, ResponseHead {

    /** The request ID this message belongs to; a response echoes its request's ID unchanged. */
    String id();

    HttpHeaders headers();

    /** The length of the whole body in bytes. */
    long bodySize();

    /** The first part of the body, base64; empty for an empty body. */
    String body();

    /** Whether {@link BodyChunk}s follow. */
    boolean more();

    /** This head with another first part of the body. */
    BodyHead withBody(long bodySize, String body, boolean more);
}
