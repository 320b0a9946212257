package dev.porthole.local;

import dev.porthole.local.gateway.ClientLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and greedy callers cannot hold the gateway: headers must be complete within the header timeout, a stalled
 * body gets 408, one address holds only so many connections, and no error page shows Java internals. The limits are
 * scaled down so each test takes about a second.
 */
class SlowClientsTest {
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(400);
    private static final Duration BODY_TIMEOUT = Duration.ofMillis(700);
    private static final int PER_SOURCE = 4;
    private static LocalBackend timeouts;
    private static LocalBackend capped;

    @BeforeAll
    static void start() throws IOException {
        timeouts = LocalBackend.start(LocalBackendOptions.inMemory("slow-clients")
            .withClientLimits(new ClientLimits(HEADER_TIMEOUT, BODY_TIMEOUT, ClientLimits.DEFAULT_CONNECTIONS_PER_SOURCE)));
        capped = LocalBackend.start(LocalBackendOptions.inMemory("capped")
            .withClientLimits(new ClientLimits(HEADER_TIMEOUT, Duration.ofSeconds(20), PER_SOURCE)));
    }

    @AfterAll
    static void stop() {
        timeouts.close();
        capped.close();
    }

    @Test
    void headersTrickledByteByByteAreCutOffAtTheHeaderTimeout() throws Exception {
        try (Socket socket = open(timeouts)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /slow HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            boolean closed = false;
            // one more header byte every 50 ms, which no idle timeout would ever notice
            for (int i = 0; i < 200 && !closed; i++) {
                try {
                    out.write('a');
                    out.flush();
                    Thread.sleep(50);
                } catch (SocketException e) {
                    closed = true;
                }
                closed |= socket.getInputStream().available() == 0 && endedWithin(socket, Duration.ofMillis(1));
            }
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("slow headers: connection closed after %d ms (header timeout %d ms)%n", tookMs, HEADER_TIMEOUT.toMillis());
            assertThat(closed).as("the gateway closed the trickling connection within 10 s").isTrue();
        }
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosed() throws Exception {
        try (Socket socket = open(timeouts)) {
            assertThat(endedWithin(socket, Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aKeptAliveConnectionMayWaitBetweenRequestsLongerThanTheHeaderTimeout() throws Exception {
        try (Socket socket = open(capped)) {
            String first = exchange(socket, "GET /_porthole/health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(first).startsWith("HTTP/1.1 200");
            Thread.sleep(HEADER_TIMEOUT.toMillis() * 3);
            String second = exchange(socket, "GET /_porthole/health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(second).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aStalledBodyGets408AndAPageWithoutJavaInternals() throws Exception {
        try (Socket socket = open(timeouts)) {
            socket.getOutputStream().write(("POST /some-tunnel/hook HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 100\r\n\r\nabc").getBytes(StandardCharsets.US_ASCII));
            String response = readAll(socket);
            assertThat(response).startsWith("HTTP/1.1 408");
            assertThat(response).contains("{\"message\":\"Request Timeout\"}");
            assertThat(response).doesNotContainIgnoringCase("exception").doesNotContain("java.").doesNotContain("Idle timeout");
        }
    }

    @Test
    void aMalformedRequestGetsAPlainAnswerWithoutJavaInternals() throws Exception {
        try (Socket socket = open(timeouts)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = readAll(socket);
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).contains("{\"message\":\"Bad Request\"}").doesNotContain("java.").doesNotContain("Illegal");
        }
    }

    @Test
    void oneAddressHoldsOnlySoManyConnectionsAndGetsMoreWhenItLetsSomeGo() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_SOURCE; i++) {
                Socket socket = open(capped);
                assertThat(exchange(socket, "GET /_porthole/health HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
                held.add(socket); // kept alive, idle: each still counts
            }
            try (Socket over = open(capped)) {
                assertThat(endedWithin(over, Duration.ofSeconds(5))).as("a connection over the cap is closed at once").isTrue();
            }
            held.remove(0).close();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String answer = "";
            while (!answer.startsWith("HTTP/1.1 200") && System.nanoTime() < deadline) {
                try (Socket again = open(capped)) {
                    answer = exchange(again, "GET /_porthole/health HTTP/1.1\r\nHost: x\r\n\r\n");
                } catch (IOException e) {
                    Thread.sleep(50); // the freed slot is counted when the gateway has seen the close
                }
            }
            assertThat(answer).as("a slot freed is a slot again").startsWith("HTTP/1.1 200");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static Socket open(LocalBackend backend) throws IOException {
        URI url = backend.publicUrl();
        Socket socket = new Socket(url.getHost(), url.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Whether the server ended the connection (EOF or reset) within {@code wait}. */
    private static boolean endedWithin(Socket socket, Duration wait) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(previous);
            }
        }
    }

    /** Sends one request and reads one response whose body has a Content-Length. */
    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before a response");
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    private static String readAll(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
                String text = all.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0 && text.toLowerCase().contains("content-length:")) {
                    int length = Integer.parseInt(text.toLowerCase().split("content-length:")[1].split("\r\n")[0].trim());
                    if (all.size() >= end + 4 + length) {
                        break;
                    }
                }
            }
        } catch (SocketException e) {
            // a reset after the answer: what was read is the answer
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
