package dev.porthole.agent.forward.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One TCP connection to the local service, in blocking mode, with a read buffer. Any thread may {@link #abort} it:
 * that closes the channel, which ends a read or write blocked on it at once, and records why, so the thread doing
 * the exchange can tell a deadline or the end of an event stream's window from the service closing on it.
 */
final class Connection {
    /** Why a connection was closed under its exchange. */
    enum Abort { DEADLINE, STREAM_WINDOW, CLIENT_CLOSED }

    private static final int BUFFER_BYTES = 16 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).flip();
    private final AtomicReference<Abort> aborted = new AtomicReference<>();
    /** Bytes received since {@link #startExchange()}: none means the service closed before answering at all. */
    private long received;
    private boolean reused;

    Connection(SocketChannel channel) {
        this.channel = channel;
    }

    /** Called before each request; {@code reused} for every exchange after the connection's first. */
    void startExchange(boolean reused) {
        this.received = 0;
        this.reused = reused;
    }

    boolean reused() {
        return reused;
    }

    long received() {
        return received;
    }

    void write(ByteBuffer... buffers) throws IOException {
        long remaining = 0;
        for (ByteBuffer b : buffers) {
            remaining += b.remaining();
        }
        while (remaining > 0) {
            remaining -= channel.write(buffers);
        }
    }

    /** The next byte, or -1 at the end of the stream. */
    int read() throws IOException {
        if (!buffer.hasRemaining() && !fill()) {
            return -1;
        }
        return buffer.get() & 0xFF;
    }

    /** The next byte without taking it, or -1 at the end of the stream. */
    int peek() throws IOException {
        if (!buffer.hasRemaining() && !fill()) {
            return -1;
        }
        return buffer.get(buffer.position()) & 0xFF;
    }

    /** Up to {@code length} bytes into {@code target}; -1 at the end of the stream. */
    int read(byte[] target, int offset, int length) throws IOException {
        if (!buffer.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, buffer.remaining());
        buffer.get(target, offset, n);
        return n;
    }

    private boolean fill() throws IOException {
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } finally {
            buffer.flip();
        }
        if (n > 0) {
            received += n;
        }
        return n > 0;
    }

    /**
     * Whether an idle connection can carry another request: still open, and the service has sent nothing since the
     * last response (no close, no stray bytes). Checked without blocking, so a connection the service closed while
     * it sat in the pool is never used; the client never finds out by losing a request on it.
     */
    boolean isQuiet() {
        if (buffer.hasRemaining() || !channel.isOpen()) {
            return false;
        }
        try {
            channel.configureBlocking(false);
            try {
                ByteBuffer probe = ByteBuffer.allocate(1);
                return channel.read(probe) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Closes the connection under whatever is using it; the first reason given is the one kept. */
    void abort(Abort why) {
        aborted.compareAndSet(null, why);
        close();
    }

    /** Why the connection was aborted, or null if it was not. */
    Abort aborted() {
        return aborted.get();
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that was asked; there is nothing left to tell anyone
        }
    }
}
