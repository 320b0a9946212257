package dev.porthole.local.gateway;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a request's body up to a limit — the one way every handler of the local backend does. A body of known length
 * is read into an array of that length, once; one of unknown length starts small. Reading "up to the limit" with
 * {@link InputStream#readNBytes(int)} allocated 16 KB for every empty body (each GET, each post without data) and
 * copied large bodies twice.
 */
public final class RequestBodies {
    private static final int FIRST_READ = 1024;

    private RequestBodies() {
    }

    /**
     * @return the body; longer than {@code limit} (by one byte at least) when it is over the limit, so the caller can
     *     refuse it without reading it all
     * @throws IOException when the body stopped arriving
     */
    public static byte[] read(Request request, int limit) throws IOException {
        long declared = request.getLength();
        if (declared == 0) {
            return new byte[0];
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            return read(in, declared < 0 || declared > limit ? -1 : (int) declared, limit);
        }
    }

    /**
     * @param expected the length the stream should have, -1 when unknown
     * @return the stream's bytes, at most {@code limit + 1} of them
     */
    public static byte[] read(InputStream in, int expected, int limit) throws IOException {
        byte[] first = new byte[expected >= 0 ? Math.min(expected, limit + 1) : Math.min(FIRST_READ, limit + 1)];
        int read = in.readNBytes(first, 0, first.length);
        if (read < first.length) {
            return Arrays.copyOf(first, read);
        }
        if (read > limit) {
            return first;
        }
        int next = in.read(); // the end, most likely: a body as long as expected
        if (next < 0) {
            return first;
        }
        byte[] rest = in.readNBytes(limit - read);
        byte[] all = Arrays.copyOf(first, read + 1 + rest.length);
        all[read] = (byte) next;
        System.arraycopy(rest, 0, all, read + 1, rest.length);
        return all;
    }
}
