package dev.porthole.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An agent connection driven by hand over a plain socket, for floods: pre-built frames written in bulk and whatever
 * comes back scanned as bytes, so the flood costs this test almost nothing — as it would cost an attacker on another
 * machine — and the backend's own cost is what shows.
 */
final class RawFlooder implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger tooMany = new AtomicInteger();
    private final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    private final StringBuilder ready = new StringBuilder();

    private RawFlooder(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Opens an agent connection with {@code token} and sends {@code ready}, waiting for the upgrade only. */
    static RawFlooder connect(URI websocketUrl, String token) throws IOException {
        Socket socket = new Socket(websocketUrl.getHost(), websocketUrl.getPort());
        RawFlooder flooder = new RawFlooder(socket);
        flooder.out.write(("GET " + websocketUrl.getPath() + " HTTP/1.1\r\nHost: " + websocketUrl.getAuthority()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\nX-Porthole-Protocol: "
            + dev.porthole.protocol.Handshake.PROTOCOL_VERSION + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.append((char) c);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head);
        }
        Thread.ofPlatform().daemon().name("raw-flooder-reader").start(flooder::read);
        return flooder;
    }

    /** One masked text frame (zero mask), as a client must send it. */
    static byte[] frame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 8);
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        frame.writeBytes(new byte[4]);
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    /** Writes {@code count} copies of a frame as fast as the socket takes them; false when the backend closed first. */
    boolean send(byte[] frame, int count) {
        byte[] batch = new byte[frame.length * 100];
        for (int i = 0; i < 100; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        try {
            for (int sent = 0; sent < count; sent += 100) {
                out.write(batch, 0, Math.min(100, count - sent) * frame.length);
            }
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void sendText(String text) throws IOException {
        out.write(frame(text));
        out.flush();
    }

    /** API Gateway's "Too Many Requests" notices received so far. */
    int throttleNotices() {
        return throttled.get();
    }

    /** The backend's {@code too_many_messages} errors received so far. */
    int tooManyMessages() {
        return tooMany.get();
    }

    /** Completes with the close code when the backend closes the connection (-1 if the socket just ended). */
    CompletableFuture<Integer> closed() {
        return closedWith;
    }

    private void read() {
        try {
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            while (true) {
                int first = in.read();
                if (first < 0) {
                    break;
                }
                int second = in.read();
                long length = second & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) length);
                int opcode = first & 0x0f;
                if (opcode == 8) {
                    closedWith.complete(payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005);
                    return;
                }
                String text = new String(payload, StandardCharsets.UTF_8);
                if (text.contains("\"Too Many Requests\"")) {
                    throttled.incrementAndGet();
                } else if (text.contains("too_many_messages")) {
                    tooMany.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // the socket ended
        }
        closedWith.complete(-1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
