package dev.porthole.agent.tunnel;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections are reused between exchanges, and one the server closed while idle is replaced without a failure. */
class KeptAliveConnectionsTest {

    /** Answers each request on a connection; after {@code perConnection} of them it closes the connection, idle. */
    private static Thread server(ServerSocket listening, int perConnection, AtomicInteger accepted, AtomicInteger answered) {
        return Thread.ofVirtual().start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket socket = listening.accept();
                    accepted.incrementAndGet();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                            OutputStream out = socket.getOutputStream();
                            for (int i = 0; i < perConnection; i++) {
                                int length = 0;
                                String line = in.readLine();
                                if (line == null) {
                                    return;
                                }
                                while (!(line = in.readLine()).isEmpty()) {
                                    if (line.toLowerCase().startsWith("content-length:")) {
                                        length = Integer.parseInt(line.substring(15).strip());
                                    }
                                }
                                in.skip(length);
                                String body = "answer " + answered.incrementAndGet();
                                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nx-amzn-ErrorType: None\r\n\r\n" + body)
                                    .getBytes(StandardCharsets.ISO_8859_1));
                                out.flush();
                            }
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static byte[] request(int port, int length) {
        return ("POST /x HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void oneConnectionServesManyExchanges() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             KeptAliveConnections connections = new KeptAliveConnections(URI.create("http://127.0.0.1:" + listening.getLocalPort()),
                 Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            server(listening, Integer.MAX_VALUE, accepted, answered);
            for (int i = 1; i <= 20; i++) {
                var response = connections.exchange(request(listening.getLocalPort(), 3), "abc".getBytes(StandardCharsets.US_ASCII));
                assertThat(response.status()).isEqualTo(200);
                assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("answer " + i);
                assertThat(response.headers()).containsEntry("x-amzn-errortype", "None");
            }
            assertThat(accepted.get()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplaced() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             KeptAliveConnections connections = new KeptAliveConnections(URI.create("http://127.0.0.1:" + listening.getLocalPort()),
                 Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            server(listening, 1, accepted, answered);
            for (int i = 1; i <= 5; i++) {
                Thread.sleep(50); // the server has closed the last connection by now
                var response = connections.exchange(request(listening.getLocalPort(), 0), new byte[0]);
                assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("answer " + i);
            }
            assertThat(accepted.get()).isEqualTo(5);
            assertThat(answered.get()).as("no request answered twice").isEqualTo(5);
        }
    }
}
