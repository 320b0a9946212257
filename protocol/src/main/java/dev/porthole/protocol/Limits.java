package dev.porthole.protocol;

/** Sizes every part of Porthole agrees on. */
public final class Limits {
    /**
     * The largest encoded message (UTF-8 bytes). API Gateway's WebSocket frame limit is 32 KB (messages
     * above it are closed with 1009, {@code @connections} posts included); this stays a little under
     * 32,768 and under 32,000 so either reading of "KB" holds.
     */
    public static final int MAX_MESSAGE_BYTES = 32_000;

    /**
     * The largest message posted through the Management API ({@code @connections}): API Gateway accepts up to 128 KB
     * and delivers it in frames of at most 32 KB; this stays under 128,000 so either reading of "KB" holds.
     */
    public static final int MAX_POSTED_MESSAGE_BYTES = 128_000;

    /** The largest message a receiver reads at all: API Gateway's 128 KB message limit. */
    public static final int MAX_RECEIVED_MESSAGE_BYTES = 128 * 1024;

    /** The default largest request or response body: room for 5 MB uploads and downloads with headroom. */
    public static final long DEFAULT_MAX_BODY_BYTES = 6L * 1024 * 1024;

    private Limits() {
    }
}
