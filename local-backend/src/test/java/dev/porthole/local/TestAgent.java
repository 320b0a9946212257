package dev.porthole.local;

import dev.porthole.protocol.BodyAssembler;
import dev.porthole.protocol.BodyChunk;
import dev.porthole.protocol.BodyHead;
import dev.porthole.protocol.BodySplitter;
import dev.porthole.protocol.AnswerRoute;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.ErrorMessage;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.protocol.Limits;
import dev.porthole.protocol.Message;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.ProtocolException;
import dev.porthole.protocol.Ready;
import dev.porthole.protocol.RequestHead;
import dev.porthole.protocol.ResponseHead;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal agent for the backend's tests: a real WebSocket client (the JDK's) that speaks the protocol by
 * hand, so each test controls exactly what the backend receives. The product's agent is in agent/.
 */
final class TestAgent implements WebSocket.Listener, AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    /** A request the backend sent, with its whole body. */
    record Request(RequestHead head, byte[] body) {
    }

    record Closed(int code, String reason) {
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Map<String, BodyAssembler> assembling = new ConcurrentHashMap<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    /** The relay each live request's answer goes to. */
    private final Map<String, String> replyTo = new ConcurrentHashMap<>();
    private volatile AnswerRoute answers;
    private volatile ApiGatewayManagementApiClient relays;
    private WebSocket socket;
    /** Each agent its own client, as each agent is its own process: one agent's traffic never waits on another's. */
    private final HttpClient client = HttpClient.newHttpClient();

    static TestAgent connect(URI websocketUrl, String token) {
        return connect(websocketUrl, token, Map.of());
    }

    static TestAgent connect(URI websocketUrl, String token, Map<String, String> headers) {
        TestAgent agent = new TestAgent();
        WebSocket.Builder builder = agent.client.newWebSocketBuilder().connectTimeout(WAIT);
        Map<String, String> all = new LinkedHashMap<>();
        if (token != null) {
            all.put(Handshake.AUTHORIZATION_HEADER, "Bearer " + token);
        }
        all.put(Handshake.PROTOCOL_HEADER, Integer.toString(Handshake.PROTOCOL_VERSION));
        all.putAll(headers);
        all.forEach(builder::header);
        try {
            agent.socket = builder.buildAsync(websocketUrl, agent).join();
        } catch (RuntimeException e) {
            agent.client.close();
            throw e;
        }
        return agent;
    }

    /** The HTTP status the handshake ended with: 101 when it succeeded. */
    static int handshakeStatus(URI websocketUrl, String token, Map<String, String> headers) {
        try {
            connect(websocketUrl, token, headers).close();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** Sends {@code ready} and waits for {@code established}. */
    Established ready() throws InterruptedException {
        send(new Ready(Handshake.PROTOCOL_VERSION, "test-agent/1"));
        Established established = await(Established.class);
        useAnswers(established.answers());
        return established;
    }

    /** Posts answers with these credentials from now on, as an agent does after {@code established} or {@code renewed}. */
    void useAnswers(AnswerRoute route) {
        answers = route;
        relays = ApiGatewayManagementApiClient.builder()
            .endpointOverride(URI.create(route.endpoint()))
            .region(Region.of(route.region()))
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsSessionCredentials.create(route.accessKeyId(), route.secretAccessKey(), route.sessionToken())))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    }

    AnswerRoute answers() {
        return answers;
    }

    /** Posts one message to a relay connection, with the answer credentials, as an agent posts an answer. */
    void postToRelay(String relayConnectionId, String message) {
        relays.postToConnection(r -> r.connectionId(relayConnectionId).data(SdkBytes.fromUtf8String(message)));
    }

    void send(Message message) {
        sendRaw(MessageCodec.encode(message));
    }

    void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Sends one text message split into frames of {@code frameChars} characters. */
    void sendFragmented(String text, int frameChars) {
        for (int from = 0; from < text.length(); from += frameChars) {
            int to = Math.min(text.length(), from + frameChars);
            socket.sendText(text.substring(from, to), to == text.length()).join();
        }
    }

    /**
     * Answers a request the way an agent does: head and chunks of up to 128,000 bytes posted to the relay the request
     * names; a request the backend kept while offline is answered on the WebSocket, in messages under the frame limit.
     */
    void respond(String requestId, int status, HttpHeaders headers, byte[] body) throws ProtocolException {
        String relay = replyTo.remove(requestId);
        ResponseHead head = new ResponseHead(requestId, status, headers, 0, "", false);
        if (relay == null) {
            for (byte[] message : BodySplitter.split(head, body)) {
                sendRaw(new String(message, java.nio.charset.StandardCharsets.UTF_8));
            }
            return;
        }
        for (byte[] message : BodySplitter.split(head, body, Limits.MAX_POSTED_MESSAGE_BYTES)) {
            postToRelay(relay, new String(message, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Answers a live request with an {@code error} instead of a response, posted to its relay as an agent does. */
    void respondWithError(String requestId, dev.porthole.protocol.ErrorCode code, String text) {
        String relay = replyTo.remove(requestId);
        String message = MessageCodec.encode(new dev.porthole.protocol.ErrorMessage(requestId, code, text));
        if (relay == null) {
            sendRaw(message);
        } else {
            postToRelay(relay, message);
        }
    }

    /** The relay a live request's answer is due at. */
    String replyToOf(String requestId) {
        return replyTo.get(requestId);
    }

    Request nextRequest() throws InterruptedException {
        Request request = requests.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (request == null) {
            throw new AssertionError("no request reached the agent within " + WAIT);
        }
        return request;
    }

    Request pollRequest(Duration wait) throws InterruptedException {
        return requests.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    <T extends Message> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Message m = messages.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT + "; still queued: " + messages);
    }

    /** Waits for an {@code error} with this code, passing over other messages. */
    ErrorMessage awaitError(dev.porthole.protocol.ErrorCode code) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Message m = messages.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (m instanceof ErrorMessage error && error.errorCode() == code) {
                return error;
            }
        }
        throw new AssertionError("no " + code + " error within " + WAIT);
    }

    /** How many of the messages received so far are API Gateway's "Too Many Requests" notices; they are taken. */
    int throttleNotices() {
        int count = 0;
        for (java.util.Iterator<Message> it = messages.iterator(); it.hasNext(); ) {
            if (it.next() instanceof ErrorMessage error && error.message().contains("\"Too Many Requests\"")) {
                count++;
            }
        }
        return count;
    }

    Closed awaitClose() throws InterruptedException, ExecutionException {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the backend did not close the connection within " + WAIT);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                Message message = MessageCodec.decode(text);
                if (message instanceof RequestHead head) {
                    assemble(head.id(), message);
                } else if (message instanceof BodyChunk chunk) {
                    assemble(chunk.id(), message);
                } else {
                    messages.add(message);
                }
            } catch (ProtocolException e) {
                messages.add(new dev.porthole.protocol.ErrorMessage(null, "test_agent_unreadable", text));
            }
        }
        webSocket.request(1);
        return null;
    }

    private void assemble(String id, Message message) throws ProtocolException {
        BodyAssembler assembler = assembling.computeIfAbsent(id, k -> new BodyAssembler(Limits.DEFAULT_MAX_BODY_BYTES));
        assembler.accept(message);
        if (assembler.isComplete()) {
            assembling.remove(id);
            RequestHead head = (RequestHead) assembler.head();
            if (head.replyTo() != null) {
                replyTo.put(id, head.replyTo());
            }
            requests.add(new Request(head, assembler.body()));
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(1006, String.valueOf(error)));
    }

    /** Closes without waiting for the backend's answer. */
    @Override
    public void close() {
        if (relays != null) {
            relays.close();
        }
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        client.shutdown(); // lets the close go out, then ends the client's threads
    }

    /** Drops the TCP connection without a close handshake, like a killed process. */
    void kill() {
        socket.abort();
    }
}
