package dev.porthole.backend;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.porthole.backend.config.BackendConfig;
import dev.porthole.backend.forward.BinaryBodyResponse;
import dev.porthole.backend.forward.ErrorResponses;
import dev.porthole.backend.snapstart.SnapStartHooks;
import dev.porthole.protocol.RawStringParser;
import org.crac.Core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The Lambda function: one handler for both APIs. API Gateway's events arrive as JSON bytes and are read
 * into aws-lambda-java-events types after {@link EventKind} has said what they are. Nothing escapes as an
 * exception: a failure becomes a response of the right shape, so API Gateway never has to improvise one.
 *
 * <p>The Lambda runtime uses the no-argument constructor (configuration from the environment). The local
 * backend passes the environment itself, because a JVM cannot change its own environment variables.
 */
public final class PortholeHandler implements RequestStreamHandler, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PortholeHandler.class.getName());
    /* Jackson's buffers from a pool shared by all threads: the local backend invokes on a new virtual thread each time */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .addModule(BinaryBodyResponse.jsonModule())
        .build();

    private final Backend backend;
    /** Held here because org.crac keeps registered resources only weakly. */
    private final SnapStartHooks snapStart;

    public PortholeHandler() {
        this(System.getenv());
    }

    public PortholeHandler(Map<String, String> environment) {
        this(new Backend(BackendConfig.fromEnvironment(environment), Clock.systemUTC()));
    }

    PortholeHandler(Backend backend) {
        this.backend = backend;
        // SnapStart: prime before the snapshot, refresh randomness after each restore (no-ops elsewhere)
        this.snapStart = new SnapStartHooks(this, backend);
        Core.getGlobalContext().register(snapStart);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event;
        try {
            // a large body (base64) is taken from the bytes as it is, not decoded character by character
            event = JSON.readTree(RawStringParser.over(JSON.getFactory(), input.readAllBytes()));
            if (event == null) {
                event = MissingNode.getInstance(); // no content at all, as readTree(InputStream) reads it
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "the invocation's payload is not JSON: {0}", e.getMessage());
            JSON.writeValue(output, WebSocketResponses.status(400));
            return;
        }
        EventKind kind = EventKind.of(event);
        Object response;
        try {
            response = switch (kind) {
                case HTTP_V2 -> backend.publicRequests().handle(JSON.treeToValue(event, APIGatewayV2HTTPEvent.class), timeLeft(context));
                case HTTP_OTHER_FORMAT -> ErrorResponses.of(500, "unsupported-event",
                    "Porthole: this function speaks HTTP API payload format 2.0, but received format \"" + event.path("version").asText("1.0") + "\".",
                    "Set the HTTP API integration's PayloadFormatVersion to \"2.0\" (Porthole's template does).");
                case WEBSOCKET_CONNECT -> backend.connect().connect(websocketEvent(event));
                case WEBSOCKET_MESSAGE -> {
                    APIGatewayV2WebSocketEvent message = websocketEvent(event);
                    yield backend.messages().handle(message.getRequestContext().getConnectionId(), message.getBody());
                }
                case WEBSOCKET_DISCONNECT -> {
                    JsonNode context2 = event.path("requestContext");
                    // aws-lambda-java-events drops disconnectStatusCode/-Reason, so they are read from the JSON
                    yield backend.disconnect().disconnect(context2.path("connectionId").asText(),
                        context2.path("disconnectStatusCode").asInt(0), context2.path("disconnectReason").asText(""));
                }
                case UNKNOWN -> {
                    LOG.log(System.Logger.Level.ERROR, "an event of unknown shape reached the function; is it wired to something other than Porthole's APIs?");
                    yield WebSocketResponses.status(400);
                }
            };
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "failed to handle a " + kind + " event", e);
            response = kind == EventKind.HTTP_V2
                ? ErrorResponses.of(500, "internal-error", "Porthole: the backend failed while handling this request.",
                    "Retry; if it keeps failing, check the function's logs in CloudWatch.")
                : WebSocketResponses.status(500);
        }
        JSON.writeValue(output, response);
    }

    private static APIGatewayV2WebSocketEvent websocketEvent(JsonNode event) throws IOException {
        return JSON.treeToValue(event, APIGatewayV2WebSocketEvent.class);
    }

    private static Duration timeLeft(Context context) {
        return context == null ? Duration.ofSeconds(30) : Duration.ofMillis(context.getRemainingTimeInMillis());
    }

    /** For the local backend, which keeps one handler per execution environment and closes it with the environment. */
    @Override
    public void close() {
        backend.close();
    }
}
