package dev.porthole.agent.tunnel;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 connections to one endpoint ({@code http} or {@code https}), kept open between exchanges and reused, so
 * an answer's posts pay neither a TCP nor a TLS handshake each, and run on the posting thread from the first byte
 * written to the last byte read. An exchange on a reused connection that the server had closed meanwhile (it ends
 * idle connections when it likes) is sent again once on a new connection; nothing else is ever sent twice here.
 */
final class KeptAliveConnections implements AutoCloseable {
    /** Kept idle no longer than this: below what servers commonly allow (Jetty: 30 s; API Gateway: longer). */
    private static final long IDLE_NANOS = Duration.ofSeconds(15).toNanos();
    private static final int MAX_IDLE = 16;
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    /** What came back: the status, the headers (names in lower case, the first of each) and the body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    private final String host;
    private final int port;
    private final boolean tls;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    KeptAliveConnections(URI endpoint, Duration connectTimeout, Duration readTimeout) {
        this.tls = "https".equalsIgnoreCase(endpoint.getScheme());
        if (!tls && !"http".equalsIgnoreCase(endpoint.getScheme())) {
            throw new IllegalArgumentException("not an http or https URL: " + endpoint);
        }
        this.host = endpoint.getHost();
        this.port = endpoint.getPort() >= 0 ? endpoint.getPort() : tls ? 443 : 80;
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
        this.readTimeoutMillis = (int) readTimeout.toMillis();
    }

    /** The Host header's value for this endpoint, as a signer must sign it. */
    String authority() {
        return port == (tls ? 443 : 80) ? host : host + ":" + port;
    }

    /**
     * Sends one request and reads its response.
     *
     * @param head the request line and headers, ending with the empty line
     */
    Response exchange(byte[] head, byte[] body) throws IOException {
        Connection reused = takeIdle();
        if (reused != null) {
            try {
                return exchange(reused, head, body);
            } catch (StaleConnection e) {
                // closed by the server while idle: nothing of this request was read, so it may go again
            }
        }
        try {
            return exchange(open(), head, body);
        } catch (StaleConnection e) {
            throw new IOException("the server closed the connection without answering", e);
        }
    }

    private Response exchange(Connection connection, byte[] head, byte[] body) throws IOException {
        boolean keep = false;
        try {
            connection.out.write(head);
            connection.out.write(body);
            connection.out.flush();
            int first = connection.in.read();
            if (first < 0) {
                throw new StaleConnection();
            }
            Response response = read(connection.in, first);
            keep = !"close".equalsIgnoreCase(response.headers().getOrDefault("connection", ""));
            return response;
        } catch (java.net.SocketException e) {
            if (connection.reused) {
                throw new StaleConnection();
            }
            throw e;
        } finally {
            if (keep) {
                giveBack(connection);
            } else {
                connection.close();
            }
        }
    }

    private static Response read(InputStream in, int first) throws IOException {
        String statusLine = line(in, first);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 response: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + statusLine, e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int budget = MAX_HEAD_BYTES;
        for (String header = line(in, in.read()); !header.isEmpty(); header = line(in, in.read())) {
            budget -= header.length();
            if (budget < 0) {
                throw new IOException("response headers over " + MAX_HEAD_BYTES + " bytes");
            }
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
            }
        }
        if (status / 100 == 1) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("the connection ended after an interim response");
            }
            return read(in, next);
        }
        byte[] body;
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            body = chunked(in);
        } else if (headers.containsKey("content-length")) {
            long length = Long.parseLong(headers.get("content-length"));
            if (length > MAX_BODY_BYTES) {
                throw new IOException("a response body of " + length + " bytes");
            }
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("the response body ended early");
            }
        } else {
            headers.put("connection", "close");
            body = in.readNBytes(MAX_BODY_BYTES);
        }
        return new Response(status, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, in.read());
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                for (String trailer = line(in, in.read()); !trailer.isEmpty(); trailer = line(in, in.read())) {
                    // trailers are not used
                }
                return out.toByteArray();
            }
            if (out.size() + size > MAX_BODY_BYTES) {
                throw new IOException("a response body over " + MAX_BODY_BYTES + " bytes");
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("the response body ended early");
            }
            out.write(chunk);
            line(in, in.read());
        }
    }

    /** One line without its CRLF, {@code first} being its first byte already read. */
    private static String line(InputStream in, int first) throws IOException {
        StringBuilder text = new StringBuilder();
        int b = first;
        while (true) {
            if (b < 0) {
                throw new EOFException("the response ended inside its head");
            }
            if (b == '\n') {
                int end = text.length();
                return end > 0 && text.charAt(end - 1) == '\r' ? text.substring(0, end - 1) : text.toString();
            }
            if (text.length() > MAX_HEAD_BYTES) {
                throw new IOException("a response line over " + MAX_HEAD_BYTES + " bytes");
            }
            text.append((char) b);
            b = in.read();
        }
    }

    private synchronized Connection takeIdle() {
        long now = System.nanoTime();
        while (!idle.isEmpty()) {
            Connection connection = idle.pollFirst();
            if (now - connection.idleSince < IDLE_NANOS) {
                connection.reused = true;
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private void giveBack(Connection connection) {
        connection.idleSince = System.nanoTime();
        synchronized (this) {
            if (!closed && idle.size() < MAX_IDLE) {
                idle.addFirst(connection);
                return;
            }
        }
        connection.close();
    }

    private Connection open() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            if (tls) {
                SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(List.of(new SNIHostName(host)));
                secure.setSSLParameters(parameters);
                secure.startHandshake();
                socket = secure;
            }
            return new Connection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        Connection connection;
        while ((connection = takeIdleForClose()) != null) {
            connection.close();
        }
    }

    private synchronized Connection takeIdleForClose() {
        return idle.pollFirst();
    }

    /** A kept-alive connection that turned out closed before any of the response arrived. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("the kept-alive connection was closed by the server");
        }
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long idleSince;
        boolean reused;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
