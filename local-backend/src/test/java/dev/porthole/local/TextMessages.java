package dev.porthole.local;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A bare WebSocket client that only collects the whole text messages it is sent: for tests of API Gateway's own words. */
final class TextMessages implements WebSocket.Listener {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static TextMessages connect(URI websocketUrl) {
        return connect(websocketUrl, java.util.Map.of());
    }

    /** Connected with these handshake headers. */
    static TextMessages connect(URI websocketUrl, java.util.Map<String, String> headers) {
        TextMessages messages = new TextMessages();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        messages.socket = builder.buildAsync(websocketUrl, messages).join();
        return messages;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next whole message; fails the test if none arrives within 10 s. */
    String next() throws InterruptedException {
        String text = received.poll(10, TimeUnit.SECONDS);
        assertThat(text).as("nothing arrived").isNotNull();
        return text;
    }

    void abort() {
        socket.abort();
    }

    /** Closes as a client does, normally, with {@code reason}. */
    void close(String reason) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, reason).join();
    }
}
