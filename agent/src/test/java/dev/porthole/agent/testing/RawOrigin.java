package dev.porthole.agent.testing;

import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local service that speaks HTTP/1.1 by hand on a real loopback socket, for what a well-behaved server never does:
 * it records each request's bytes exactly as they arrived, and answers with whatever bytes a {@link Script} writes
 * — a response cut in the middle, a 101, interim responses, a dropped connection. Requests on one connection are
 * read one after another (keep-alive) until the script ends the connection or the client closes it.
 */
public final class RawOrigin implements AutoCloseable {

    /**
     * One request as received.
     *
     * @param connection which connection it came on, counting from 1
     * @param head       the request line and header lines, bytes as received, up to and including the empty line
     */
    public record RawRequest(int connection, byte[] head, byte[] body) {
        /** The request line, e.g. {@code get /x HTTP/1.1}. */
        public String requestLine() {
            return lines().getFirst();
        }

        public String method() {
            return requestLine().split(" ", 2)[0];
        }

        public String target() {
            return requestLine().split(" ")[1];
        }

        /** The header lines in order; each value's bytes read one byte per character (ISO-8859-1), so none is lost. */
        public HttpHeaders headers() {
            List<Header> headers = new ArrayList<>();
            for (String line : lines().subList(1, lines().size())) {
                int colon = line.indexOf(':');
                headers.add(new Header(line.substring(0, colon), line.substring(colon + 1).strip()));
            }
            return HttpHeaders.of(headers);
        }

        /** The bytes of the first value of a header, exactly as they came. */
        public byte[] headerBytes(String name) {
            return headers().first(name).orElseThrow(() -> new AssertionError("no " + name + " header"))
                .getBytes(StandardCharsets.ISO_8859_1);
        }

        private List<String> lines() {
            String text = new String(head, StandardCharsets.ISO_8859_1);
            return Arrays.stream(text.split("\r\n")).filter(l -> !l.isEmpty()).toList();
        }
    }

    /** Writes the answer to one request. Returns whether the connection stays open for the next request. */
    @FunctionalInterface
    public interface Script {
        boolean answer(RawRequest request, OutputStream out) throws IOException;
    }

    /** {@code HTTP/1.1 200 OK} with a body, kept alive. */
    public static Script ok(String body) {
        return (request, out) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            return true;
        };
    }

    private final ServerSocket server;
    private final BlockingQueue<RawRequest> received = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Script script;

    private RawOrigin(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("raw-origin-accept").start(this::accept);
    }

    public static RawOrigin start(Script script) throws IOException {
        return new RawOrigin(script);
    }

    public int port() {
        return server.getLocalPort();
    }

    public RawOrigin script(Script s) {
        script = s;
        return this;
    }

    /** The next request received, waiting up to 10 s. */
    public RawRequest take() throws InterruptedException {
        RawRequest r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the origin received no request within 10 s");
        }
        return r;
    }

    /** Forgets the requests received so far and not taken (the counts stay). */
    public void forget() {
        received.clear();
    }

    /** Every request received so far, counting those already taken. */
    public int requestCount() {
        return requests.get();
    }

    public int connectionCount() {
        return connections.get();
    }

    /** Closes every connection the origin holds, as a server does to idle keep-alive connections. */
    public void closeConnections() throws IOException {
        for (Socket s : open) {
            s.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int number = connections.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().name("raw-origin-" + number).start(() -> serve(socket, number));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, int number) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                RawRequest request = new RawRequest(number, head, new byte[0]);
                int length = request.headers().first("content-length").map(Integer::parseInt).orElse(0);
                request = new RawRequest(number, head, in.readNBytes(length));
                requests.incrementAndGet();
                received.add(request);
                boolean keepOpen = script.answer(request, out);
                out.flush();
                if (!keepOpen) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away, or the script ended the connection: either is part of the test
        } finally {
            open.remove(socket);
        }
    }

    /** Up to and including the empty line; null when the connection ends before a request starts. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1
                : b == '\r' ? 1 : 0;
        }
        return head.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
        closeConnections();
    }
}
