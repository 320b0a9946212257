package dev.porthole.desktop.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback (port 0) standing in for the developer's local service: it answers every request
 * with a JSON document describing it, and records what it received.
 */
public final class EchoServer implements AutoCloseable {
    /** @param body the body as UTF-8 text; {@code bytes} as they came */
    public record Received(String method, String target, Map<String, List<String>> headers, String body, byte[] bytes) {
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    public EchoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            String body = new String(bytes, StandardCharsets.UTF_8);
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            received.add(new Received(exchange.getRequestMethod(), target, Map.copyOf(exchange.getRequestHeaders()), body, bytes));
            int n = count.incrementAndGet();
            if (target.contains("slow")) {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String json = "{\"method\":\"" + exchange.getRequestMethod() + "\",\"path\":\"" + target.replace("\"", "\\\"")
                    + "\",\"n\":" + n + ",\"bodyLength\":" + body.length() + "}";
            byte[] out = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            int status = target.contains("fail") ? 500 : exchange.getRequestMethod().equals("POST") ? 201 : 200;
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    /** How many requests it has answered. */
    public int count() {
        return count.get();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Received take() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the local service received no request within 10 s");
        }
        return r;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
