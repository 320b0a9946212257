package dev.porthole.agent.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP server answering with server-sent events: {@code /forever} sends two events and keeps the stream
 * open (until the caller goes or the server closes), {@code /short} sends one event and ends the response.
 */
public final class EventStreamServer implements AutoCloseable {
    public static final String TWO_EVENTS = "id: 1\ndata: first\n\nid: 2\ndata: second\n\n";
    public static final String ONE_EVENT = "data: only\n\n";

    private final HttpServer server;
    private final CountDownLatch closing = new CountDownLatch(1);

    public EventStreamServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().add("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0); // chunked: no length, as event streams are sent
            try (OutputStream out = exchange.getResponseBody()) {
                boolean forever = exchange.getRequestURI().getPath().equals("/forever");
                out.write((forever ? TWO_EVENTS : ONE_EVENT).getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (forever) {
                    closing.await();
                }
            } catch (IOException | InterruptedException e) {
                // the caller went away, as it does when a stream is cut
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
