package dev.porthole.backend.snapstart;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.porthole.backend.Backend;
import dev.porthole.backend.Randomness;
import dev.porthole.protocol.BodyAssembler;
import dev.porthole.protocol.BodySplitter;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.protocol.Limits;
import dev.porthole.protocol.Message;
import dev.porthole.protocol.MessageCodec;
import dev.porthole.protocol.Ping;
import dev.porthole.protocol.ProtocolException;
import dev.porthole.protocol.RequestHead;
import dev.porthole.protocol.ResponseHead;
import org.crac.Context;
import org.crac.Resource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;

/**
 * SnapStart's hooks. Before the snapshot, the function is primed through its real code paths — an HTTP API event
 * through the handler, the AWS calls a request makes (built and signed but not
 * sent), the protocol's encoding both ways, the relay's WebSocket client — so a restored environment answers its
 * first request with warm code; and nothing that a snapshot would freeze is left running: no connection is opened
 * and the SDK's timer thread is let go. After a restore, randomness is renewed (every environment restored from one
 * snapshot would otherwise draw the same numbers).
 */
public final class SnapStartHooks implements Resource {
    private static final System.Logger LOG = System.getLogger(SnapStartHooks.class.getName());
    private static final String HEALTH_EVENT = """
        {"version":"2.0","routeKey":"$default","rawPath":"/_porthole/health","rawQueryString":"",
         "headers":{"host":"priming.invalid","user-agent":"porthole-priming"},
         "requestContext":{"apiId":"priming","domainName":"priming.invalid","http":{"method":"GET","path":"/_porthole/health",
         "protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"porthole-priming"},"requestId":"priming","routeKey":"$default",
         "stage":"$default","time":"01/Jan/2026:00:00:00 +0000","timeEpoch":0},"isBase64Encoded":false}""";

    private final RequestStreamHandler handler;
    private final Backend backend;

    public SnapStartHooks(RequestStreamHandler handler, Backend backend) {
        this.handler = handler;
        this.backend = backend;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            prime();
        } catch (RuntimeException | IOException | ProtocolException e) {
            // priming makes restores faster; a snapshot without it still works
            LOG.log(System.Logger.Level.WARNING, "priming before the SnapStart snapshot failed: {0}", e.toString());
        }
        backend.aws().releaseThreads();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Randomness.reset();
        backend.aws().keepThreads();
    }

    private void prime() throws IOException, ProtocolException {
        invoke(HEALTH_EVENT);
        backend.aws().priming().prime(() -> backend.store().tunnel("porthole-priming"));
        backend.aws().priming().prime(() -> backend.connections().post("cHJpbWluZw=", MessageCodec.encodeToBytes(new Ping(0))));
        backend.aws().priming().prime(() -> backend.aws().sts().assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/priming")
            .roleSessionName("priming")));
        byte[] body = "priming".repeat(64).getBytes(StandardCharsets.UTF_8);
        for (var head : new dev.porthole.protocol.BodyHead[]{
            RequestHead.live("priming", "POST", "/", HttpHeaders.of("content-type", "text/plain"), "/priming", "cHJpbWluZw="),
            new ResponseHead("priming", 200, HttpHeaders.of("content-type", "text/plain"), 0, "", false)}) {
            BodyAssembler assembler = new BodyAssembler(1 << 20);
            for (byte[] message : BodySplitter.split(head, body, Limits.MAX_POSTED_MESSAGE_BYTES)) {
                Message decoded = MessageCodec.decode(message);
                assembler.accept(decoded);
            }
        }
        // the relay's WebSocket client: its classes load now, and its threads end with it
        try (HttpClient client = HttpClient.newHttpClient()) {
            client.newWebSocketBuilder();
        }
    }

    private void invoke(String event) throws IOException {
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
    }
}
