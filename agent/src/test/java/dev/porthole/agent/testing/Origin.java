package dev.porthole.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The local service a tunnel exposes, for tests: the JDK's own HTTP server on loopback, answering with whatever
 * {@link Handler} the test gives it and recording every request it receives (in the style of MockWebServer's
 * {@code takeRequest}).
 */
public final class Origin implements AutoCloseable {

    /** What the origin received. {@code rawTarget} is the request target exactly as sent. */
    public record Received(String method, String rawTarget, HttpHeaders headers, byte[] body) {
    }

    /** What the origin answers. */
    public record Answer(int status, HttpHeaders headers, byte[] body) {
        public static Answer text(int status, String body) {
            return new Answer(status, HttpHeaders.of("Content-Type", "text/plain; charset=utf-8"),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @FunctionalInterface
    public interface Handler {
        Answer handle(Received request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile Handler handler = r -> Answer.text(200, "ok");

    private Origin(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public static Origin start() throws IOException {
        return new Origin(0);
    }

    /** On a given port: to bring the local service back where the agent expects it. */
    public static Origin start(int port) throws IOException {
        return new Origin(port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Origin handler(Handler h) {
        handler = h;
        return this;
    }

    public Received take() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the origin received no request within 10 s");
        }
        return r;
    }

    public int receivedCount() {
        return received.size();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            List<Header> headers = new ArrayList<>();
            exchange.getRequestHeaders().forEach((name, values) -> values.forEach(v -> headers.add(new Header(name, v))));
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                HttpHeaders.of(headers), exchange.getRequestBody().readAllBytes());
            received.add(request);
            Answer answer;
            try {
                answer = handler.handle(request);
            } catch (Exception e) {
                answer = Answer.text(500, "origin handler failed: " + e);
            }
            // "Transfer-Encoding: chunked" in an answer asks for a chunked body (no Content-Length) rather than being a header
            boolean chunked = answer.headers().first("transfer-encoding").filter(v -> v.equals("chunked")).isPresent();
            answer.headers().without("transfer-encoding").forEach(h -> exchange.getResponseHeaders().add(h.name(), h.value()));
            boolean noBody = request.method().equals("HEAD") || answer.status() == 204 || answer.status() == 304;
            long length = noBody ? -1 : chunked ? 0 : answer.body().length == 0 ? -1 : answer.body().length;
            if (request.method().equals("HEAD") && answer.body().length > 0) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(answer.body().length));
            }
            exchange.sendResponseHeaders(answer.status(), length);
            if (!noBody && answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    /** Stops listening at once: from now on connections to the port are refused. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
