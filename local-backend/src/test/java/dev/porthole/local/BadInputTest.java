package dev.porthole.local;

import dev.porthole.protocol.ErrorCode;
import dev.porthole.protocol.ErrorMessage;
import dev.porthole.protocol.Established;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.protocol.RequestHead;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Garbage from agents and callers gets its defined answer, and the backend keeps serving everyone else. */
class BadInputTest {
    private final LocalBackend backend = Backends.shared();

    @Test
    void malformedAndUnexpectedMessagesGetAnErrorAndChangeNothing() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established established = agent.ready();
            agent.sendRaw("this is not json");
            assertThat(agent.await(ErrorMessage.class).errorCode()).isEqualTo(ErrorCode.MALFORMED_MESSAGE);
            agent.sendRaw("{\"type\":\"teleport\",\"to\":\"mars\"}");
            assertThat(agent.await(ErrorMessage.class).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
            agent.sendRaw("{\"type\":\"body\",\"id\":\"x\",\"seq\":-4,\"data\":\"\"}");
            assertThat(agent.await(ErrorMessage.class).errorCode()).isEqualTo(ErrorCode.MALFORMED_MESSAGE);
            agent.send(RequestHead.live("r", "GET", "/", HttpHeaders.EMPTY, "", "relay"));
            assertThat(agent.await(ErrorMessage.class).message()).contains("\"request\"");
            agent.sendRaw("{\"type\":\"response\",\"id\":\"no.such.request\",\"status\":200,\"headers\":[],\"bodySize\":0,\"body\":\"\",\"more\":false}");
            assertThat(agent.await(ErrorMessage.class).errorCode()).isEqualTo(ErrorCode.UNKNOWN_REQUEST);

            // still a working tunnel
            var pending = Backends.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(URI.create(established.publicUrl())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            agent.respond(agent.nextRequest().head().id(), 200, HttpHeaders.of("Content-Type", "text/plain"), "fine".getBytes(StandardCharsets.UTF_8));
            assertThat(pending.join().body()).isEqualTo("fine");
        }
    }

    @Test
    void binaryFramesAreClosedWith1003AsApiGatewayDoes() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            agent.ready();
            agent.sendBinary(new byte[]{1, 2, 3});
            assertThat(agent.awaitClose().code()).isEqualTo(1003);
        }
    }

    /** The JDK's client splits big messages into small frames, so this one is written frame by hand. */
    @Test
    void aFrameOver32KbIsClosedWith1009() throws Exception {
        try (Socket socket = new Socket(backend.websocketUrl().getHost(), backend.websocketUrl().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + backend.websocketUrl().getPath() + " HTTP/1.1\r\nHost: " + backend.websocketUrl().getAuthority()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + Backends.TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String handshake = readHead(in);
            assertThat(handshake).startsWith("HTTP/1.1 101");
            int size = 40 * 1024;
            java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
            frame.write(0x81);                 // FIN + text
            frame.write(0x80 | 127);           // masked, 64-bit length
            frame.write(java.nio.ByteBuffer.allocate(8).putLong(size).array());
            frame.write(new byte[4]);          // a zero mask leaves the payload as is
            frame.write("x".repeat(size).getBytes(StandardCharsets.US_ASCII));
            out.write(frame.toByteArray());
            out.flush();
            int opcode = in.read() & 0x0f;
            int length = in.read() & 0x7f;
            assertThat(opcode).as("a close frame").isEqualTo(8);
            assertThat(length).isGreaterThanOrEqualTo(2);
            assertThat(in.read() << 8 | in.read()).isEqualTo(1009);
        }
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    @Test
    void aMessageOver128KbIsClosedWith1009EvenInSmallFrames() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            agent.ready();
            agent.sendFragmented("{\"type\":\"ping\",\"sentAt\":1,\"pad\":\"" + "x".repeat(130 * 1024) + "\"}", 16 * 1024);
            assertThat(agent.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void garbagePublicPathsGetDefinedAnswers() throws Exception {
        assertThat(rawRequest("GET /%zz HTTP/1.1")).startsWith("HTTP/1.1 400");
        assertThat(rawRequest("GET /../../etc/passwd HTTP/1.1")).containsAnyOf("HTTP/1.1 404", "HTTP/1.1 400");
        assertThat(rawRequest("GET //double//slashes HTTP/1.1")).startsWith("HTTP/1.1 404");
        assertThat(rawRequest("GET /_porthole/anything HTTP/1.1")).startsWith("HTTP/1.1 404");
        assertThat(rawRequest("GET /" + "a".repeat(5000) + " HTTP/1.1")).startsWith("HTTP/1.1 404");
        assertThat(rawRequest("GET /_porthole/ws/local HTTP/1.1")).startsWith("HTTP/1.1 426");
        assertThat(Backends.get(backend.publicUrl().resolve("_porthole/health")).statusCode()).isEqualTo(200);
    }

    /** A request written by hand, so that nothing between the test and the server tidies it up. */
    private String rawRequest(String requestLine) throws Exception {
        try (Socket socket = new Socket(backend.publicUrl().getHost(), backend.publicUrl().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: " + backend.publicUrl().getAuthority() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
